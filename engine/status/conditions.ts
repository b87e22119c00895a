import type { Condition, KObject } from './types';

/** The status condition of the given type, if the object reports it. */
export function getCondition(obj: KObject, type: string): Condition | undefined {
  const conditions: Condition[] = obj.status?.conditions ?? [];
  return conditions.find((c) => c.type === type);
}

export function isTrue(obj: KObject, type: string): boolean {
  return getCondition(obj, type)?.status === 'True';
}

/**
 * kstatus: a controller has not seen the latest spec while status.observedGeneration lags behind
 * metadata.generation. Returns the InProgress message, or undefined when up to date.
 */
export function generationLag(obj: KObject): string | undefined {
  const generation = obj.metadata?.generation;
  const observed = obj.status?.observedGeneration;
  if (generation === undefined || observed === undefined) return undefined;
  if (observed < generation) return `waiting for the controller to observe generation ${generation}`;
  return undefined;
}

/**
 * Why a workload controller's status cannot be trusted yet: it has not reported at all, or not for
 * the current generation. Undefined once it has observed the spec.
 */
export function controllerNotCaughtUp(obj: KObject): string | undefined {
  if (obj.status?.observedGeneration === undefined) return 'waiting for the controller to report status';
  return generationLag(obj);
}

/** "reason: message" for a condition, skipping empty parts. */
export function describe(c: Condition | undefined): string {
  if (!c) return '';
  return [c.reason, c.message].filter(Boolean).join(': ');
}
