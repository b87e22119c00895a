import { IConstruct } from 'constructs';
import { isDnsLabel } from '../dns-names';

// The one errors module of the constructs: every problem with user input names where it is
// (`<construct path>: <field>: <problem>`, or the file for included YAML) before any API call.

/**
 * A problem with what the user wrote (a construct prop, an included file): the message already
 * names the construct path or file and the field, so the synth hook prints it without a stack trace.
 */
export class InputError extends Error {
  /** Read by the synth hook (plain JavaScript, so no instanceof across module copies). */
  public readonly kapstanInputError = true;

  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** A construct, or its future path when the check runs before it exists (see `futurePath`). */
export type ErrorScope = IConstruct | string;

/**
 * An error about one field of one construct. The message starts with the construct path and the
 * field path (e.g. `prod/web: containers[0].image: ...`); the CLI adds the file and line of the
 * app that created the construct, read from the stack (hence not an `InputError`).
 */
export class PropError extends Error {
  constructor(scope: ErrorScope, field: string, problem: string) {
    // The name stays `Error`: the message says all, the CLI prints no class name before it.
    super(`${typeof scope === 'string' ? scope : scope.node.path}: ${field}: ${problem}`);
  }
}

/** @deprecated the same class as `PropError`, under its former name. */
export const WorkloadPropError = PropError;
/** @deprecated the same class as `PropError`, under its former name. */
export type WorkloadPropError = PropError;

/** The error for one field of one construct (to `throw`). */
export function constructError(scope: ErrorScope, field: string, problem: string): PropError {
  return new PropError(scope, field, problem);
}

/** Throws a `PropError` unless `condition` holds. */
export function check(condition: boolean, scope: ErrorScope, field: string, problem: string): asserts condition {
  if (!condition) throw new PropError(scope, field, problem);
}

/** Checks an optional count (replicas, limits, thresholds): a whole number not below `min`. */
export function checkCount(value: number | undefined, scope: ErrorScope, field: string, min = 0): void {
  if (value === undefined) return;
  check(Number.isInteger(value) && value >= min, scope, field, `must be a whole number >= ${min} (got ${value})`);
}

/** Checks a required whole number not below `min` and returns it. */
export function checkPositiveInt(scope: ErrorScope, field: string, value: number, min = 1): number {
  check(Number.isInteger(value) && value >= min, scope, field, `must be an integer >= ${min}, got ${value}`);
  return value;
}

/** Checks a name that becomes part of other object names (so it must stay a short DNS label). */
export function checkName(scope: ErrorScope, field: string, name: string, maxLength = 50): string {
  check(isDnsLabel(name, maxLength), scope, field, `"${name}" must be a DNS-1123 label of at most ${maxLength} characters`);
  return name;
}

/** The path a construct will have once created: for checks that must run before `super()`. */
export function futurePath(scope: IConstruct, id: string): string {
  return scope.node.path ? `${scope.node.path}/${id}` : id;
}
