// The Kubernetes name rules (RFC 1123 and 1035, as k8s.io/apimachinery/pkg/util/validation checks
// them), in one module for the constructs, stacks, validation and the engine.

/** A DNS-1123 label: lower-case letters, digits and '-', starting and ending alphanumeric. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A DNS-1123 subdomain: labels joined by '.' (most object names). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A DNS-1035 label: a DNS-1123 label that starts with a letter (Service names). */
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Whether `name` is a DNS-1123 label of at most `maxLength` characters (63 by the RFC). */
export function isDnsLabel(name: string, maxLength = 63): boolean {
  return name.length <= maxLength && DNS_LABEL.test(name);
}

/** Whether `name` is a DNS-1123 subdomain of at most `maxLength` characters (253 by the RFC). */
export function isDnsSubdomain(name: string, maxLength = 253): boolean {
  return name.length <= maxLength && DNS_SUBDOMAIN.test(name);
}

/** Whether `name` is a DNS-1035 label of at most `maxLength` characters (63). */
export function isDns1035Label(name: string, maxLength = 63): boolean {
  return name.length <= maxLength && DNS_1035_LABEL.test(name);
}

/** Whether `host` is a DNS-1123 subdomain, optionally with a leading `*.` wildcard (Ingress hosts). */
export function isWildcardOrDnsSubdomain(host: string): boolean {
  return host.length <= 253 && isDnsSubdomain(host.startsWith('*.') ? host.slice(2) : host);
}
