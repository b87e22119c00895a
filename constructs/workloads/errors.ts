import { IConstruct } from 'constructs';
import { InputError } from '../input-error';

/**
 * An error about one field of one construct. The message starts with the construct path and the
 * field path so that a user can find the line that caused it (e.g. `prod/web: containers[0].image`).
 */
export class WorkloadPropError extends InputError {
  /** `scope` is the construct, or its future path when the check runs before it exists. */
  constructor(scope: IConstruct | string, field: string, problem: string) {
    super(`${typeof scope === 'string' ? scope : scope.node.path}: ${field} ${problem}`);
    this.name = 'WorkloadPropError';
  }
}

/** Throws a `WorkloadPropError` unless `condition` holds. */
export function check(condition: boolean, scope: IConstruct | string, field: string, problem: string): asserts condition {
  if (!condition) throw new WorkloadPropError(scope, field, problem);
}

/** Checks an optional count (replicas, limits, thresholds): a whole number not below `min`. */
export function checkCount(value: number | undefined, scope: IConstruct | string, field: string, min = 0): void {
  if (value === undefined) return;
  check(Number.isInteger(value) && value >= min, scope, field, `must be a whole number >= ${min} (got ${value})`);
}

/** The path a construct will have once created: for checks that must run before `super()`. */
export function futurePath(scope: IConstruct, id: string): string {
  return scope.node.path ? `${scope.node.path}/${id}` : id;
}
