import { controllerNotCaughtUp } from './conditions';
import type { KObject, StatusResult } from './types';

// kstatus/kubectl: all replicas ready; with a partition only the ordinals at or above it must be
// updated; otherwise the update revision must have become the current revision.
export function statefulSetStatus(obj: KObject): StatusResult {
  const desired: number = obj.spec?.replicas ?? 1;
  const s = obj.status ?? {};
  const ready: number = s.readyReplicas ?? 0;
  const notCaughtUp = controllerNotCaughtUp(obj);
  if (notCaughtUp) return { status: 'InProgress', message: notCaughtUp, ready, desired };
  if ((s.replicas ?? 0) < desired) {
    return { status: 'InProgress', message: `${s.replicas ?? 0} of ${desired} replicas created`, ready, desired };
  }
  if (ready < desired) {
    return { status: 'InProgress', message: `${ready} of ${desired} replicas ready`, ready, desired };
  }
  const available: number | undefined = s.availableReplicas;
  if (available !== undefined && available < desired) {
    return { status: 'InProgress', message: `${available} of ${desired} replicas available`, ready, desired };
  }
  const strategy = obj.spec?.updateStrategy;
  if (strategy?.type === 'OnDelete') {
    return { status: 'Current', message: `${ready} of ${desired} replicas ready (OnDelete updates)`, ready, desired };
  }
  const updated: number = s.updatedReplicas ?? 0;
  const partition: number = strategy?.rollingUpdate?.partition ?? 0;
  if (partition > 0) {
    const expected = Math.max(desired - partition, 0);
    if (updated < expected) {
      return { status: 'InProgress', message: `partitioned rollout: ${updated} of ${expected} pods updated`, ready, desired };
    }
    return { status: 'Current', message: `partitioned rollout complete: ${updated} pods updated`, ready, desired };
  }
  if (s.updateRevision && s.currentRevision !== s.updateRevision) {
    return { status: 'InProgress', message: `${updated} of ${desired} pods at revision ${s.updateRevision}`, ready, desired };
  }
  return { status: 'Current', message: `${ready} of ${desired} replicas ready`, ready, desired };
}
