// Objects the caller read moments ago and did not change: a no-op apply's plan lists every member
// whole, status included. When an object's own status already says Current it is done at once,
// without a second list and watch of its collection. Only Current is taken from such a read:
// anything else (still rolling out, failing, waiting for a class or a claim) is watched as usual,
// and so are kinds whose verdict depends on another object (an autoscaler on its scale target).
import { computeStatus, type KObject, type StatusResult } from '../status';
import type { ObjectRef } from './types';

const NEEDS_OTHER_OBJECTS = new Set(['HorizontalPodAutoscaler']);

/** The Current status of a freshly read object, or undefined when it must be watched. */
export function currentFromRead(ref: ObjectRef, live: KObject | undefined): StatusResult | undefined {
  if (!live || live.kind !== ref.kind || live.metadata?.name !== ref.name) return undefined;
  if (NEEDS_OTHER_OBJECTS.has(ref.kind) || live.metadata?.deletionTimestamp) return undefined;
  const status = computeStatus(live);
  return status.status === 'Current' ? status : undefined;
}
