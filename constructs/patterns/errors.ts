import { Node, type IConstruct } from 'constructs';

/** An error that names the construct path and the offending field, as every Kapstan error does. */
export function propError(scope: IConstruct, field: string, message: string): Error {
  return new Error(`${Node.of(scope).path}: ${field}: ${message}`);
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Checks a name that becomes part of other object names (so it must stay a short DNS label). */
export function checkName(scope: IConstruct, field: string, name: string, maxLength = 50): string {
  if (!DNS_LABEL.test(name) || name.length > maxLength) {
    throw propError(scope, field, `"${name}" must be a DNS-1123 label of at most ${maxLength} characters`);
  }
  return name;
}

export function checkPositiveInt(scope: IConstruct, field: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min) {
    throw propError(scope, field, `must be an integer >= ${min}, got ${value}`);
  }
  return value;
}
