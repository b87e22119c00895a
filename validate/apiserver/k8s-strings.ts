// String and number checks of k8s.io/apimachinery/pkg/util/validation, which the API server's
// validation code calls everywhere. Each returns an error message, or undefined when valid.
import { isDnsLabel, isDnsSubdomain } from '../../dns-names';
import { isLabelValue, isQualifiedName } from '../semantic/label-syntax';

const IANA_SVC_NAME = /^[-a-z0-9]+$/;
const HAS_LETTER = /[a-z]/;

export type Check = (value: string) => string | undefined;

export const dnsLabel: Check = (v) =>
  isDnsLabel(v) ? undefined
    : "must be a valid DNS-1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit";

export const dnsSubdomain: Check = (v) =>
  isDnsSubdomain(v) ? undefined
    : "must be a valid DNS-1123 subdomain: at most 253 lowercase letters, digits, '-' or '.', starting and ending with a letter or digit";

/** IsValidPortName: an IANA service name. */
export const portName: Check = (v) => {
  if (v.length > 15) return 'must be no more than 15 characters';
  if (!IANA_SVC_NAME.test(v)) return "must contain only lowercase letters, digits and '-'";
  if (!HAS_LETTER.test(v)) return 'must contain at least one letter';
  if (v.includes('--')) return "must not contain consecutive hyphens";
  if (v.startsWith('-') || v.endsWith('-')) return "must not begin or end with a hyphen";
  return undefined;
};

export const portNumber = (n: unknown): string | undefined =>
  typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535 ? undefined : 'must be between 1 and 65535, inclusive';

/** A port given as a number or a name (IntOrString), as probes and Services accept. */
export function portNumOrName(v: unknown): string | undefined {
  if (typeof v === 'number') return portNumber(v);
  if (typeof v === 'string') return v === '' ? 'must be specified' : portName(v);
  return undefined;
}

export const qualifiedName: Check = (v) =>
  isQualifiedName(v) ? undefined
    : "must be a qualified name: an optional DNS-1123 subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

export const labelValue: Check = (v) =>
  isLabelValue(v) ? undefined : "must be empty or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

/** IsRelaxedEnvVarName (GA in 1.34): printable ASCII except '='. */
export const envVarName: Check = (v) =>
  /^[\x20-\x7e]+$/.test(v) && !v.includes('=') ? undefined : "must consist only of printable ASCII characters other than '='";

/** A ConfigMap or Secret key: letters, digits, '-', '_' or '.', not '.' or '..'. */
export const configMapKey: Check = (v) => {
  if (v.length > 253) return 'must be no more than 253 characters';
  if (!/^[-._a-zA-Z0-9]+$/.test(v)) return "must consist of letters, digits, '-', '_' or '.'";
  if (v === '.' || v === '..' || v.startsWith('..')) return "must not be '.' or '..' nor start with '..'";
  return undefined;
};

/** The path segment rule of RBAC and other names: not '.' or '..', no '/' or '%'. */
export const pathSegment: Check = (v) =>
  v === '.' || v === '..' ? "may not be '.' or '..'" : /[/%]/.test(v) ? "may not contain '/' or '%'" : undefined;

export function isIPv4(v: string): boolean {
  const parts = v.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

export function isIPv6(v: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(v) || !v.includes(':')) return false;
  try {
    return new URL(`http://[${v}]/`).hostname !== '';
  } catch {
    return false;
  }
}

export const isIP = (v: string) => isIPv4(v) || isIPv6(v);

/** A CIDR in the strict form the API server accepts for new objects. */
export function isCIDR(v: string): boolean {
  const slash = v.indexOf('/');
  if (slash < 0) return false;
  const ip = v.slice(0, slash);
  const bits = v.slice(slash + 1);
  if (!/^(0|[1-9]\d*)$/.test(bits)) return false;
  if (isIPv4(ip)) return Number(bits) <= 32;
  if (isIPv6(ip)) return Number(bits) <= 128;
  return false;
}

export const int = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
export const str = (v: unknown): v is string => typeof v === 'string';
export const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';
export const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);
export const obj = (v: unknown): v is Record<string, any> => !!v && typeof v === 'object' && !Array.isArray(v);
