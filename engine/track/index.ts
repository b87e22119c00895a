// Rollout tracking: the engine calls `trackRollout` after apply (and for rollback/destroy) and
// `currentStatus` for `kapstan status`. Watch-based: one list+watch per resource collection, pods,
// ReplicaSets and Warning events per namespace, re-listing when a watch breaks.
//
//   const result = await trackRollout(kc, refs, { reporter: createReporter({ output: 'text' }) });
//   if (!result.ok) process.exitCode = 1;
import type { KubeConfig } from '@kubernetes/client-node';
import { Tracker } from './tracker';
import type { ObjectRef, ObjectState, TrackOptions, TrackResult } from './types';

export * from './types';
export { parseDuration, TIMEOUT_ANNOTATION, WAIT_ANNOTATION } from './timeout';
export { objectId } from './object-id';

/**
 * Waits until every object is Current (or gone, with `waitFor: 'deleted'`), failed for certain,
 * or timed out. Never throws for object failures: inspect `result.ok` / `result.failed`. Throws
 * only when the cluster cannot be reached at all.
 */
export async function trackRollout(kc: KubeConfig | (() => KubeConfig), objects: ObjectRef[], options: TrackOptions = {}): Promise<TrackResult> {
  const tracker = new Tracker(kc, objects, options);
  return tracker.run();
}

/**
 * One-shot status of each object (for `kapstan status`): lists once, applies the status rules and
 * the pod/event diagnosis, does not wait. States are in the order given, all with `done: true`.
 */
export async function currentStatus(kc: KubeConfig, objects: ObjectRef[], options: Pick<TrackOptions, 'clusterCanGrow' | 'crashLoopRestarts' | 'requests'> = {}): Promise<ObjectState[]> {
  const tracker = new Tracker(kc, objects, { ...options, failFast: true });
  return tracker.snapshot();
}
