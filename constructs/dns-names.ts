// The Kubernetes name rules (RFC 1123), checked in one place for every construct.

/** A DNS-1123 label: lower-case letters, digits and '-', starting and ending alphanumeric. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A DNS-1123 subdomain: labels joined by '.' (most object names). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Whether `name` is a DNS-1123 label of at most `maxLength` characters (63 by the RFC). */
export function isDnsLabel(name: string, maxLength = 63): boolean {
  return DNS_LABEL.test(name) && name.length <= maxLength;
}

/** Whether `name` is a DNS-1123 subdomain of at most `maxLength` characters (253 by the RFC). */
export function isDnsSubdomain(name: string, maxLength = 253): boolean {
  return DNS_SUBDOMAIN.test(name) && name.length <= maxLength;
}
