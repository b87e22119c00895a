import { controllerNotCaughtUp, describe, getCondition } from './conditions';
import type { KObject, StatusResult } from './types';

// Mirrors `kubectl rollout status` and kstatus: the controller saw the spec, every replica runs the
// new template, old replicas are gone and the new ones are available.
// READY counts the new revision's available replicas out of the desired ones; pods of the old
// revision still running are `old` (shown apart: "1/3 +3 old", never "4/3").
export function deploymentStatus(obj: KObject): StatusResult {
  const desired: number = obj.spec?.replicas ?? 1;
  const s = obj.status ?? {};
  const old = Math.max(0, (s.replicas ?? 0) - (s.updatedReplicas ?? 0));
  // Status has no count of available *updated* replicas: old ones are taken as available (they
  // served before the rollout), so what is available beyond them is new.
  const ready = Math.max(0, Math.min(s.updatedReplicas ?? 0, (s.availableReplicas ?? 0) - old));
  const counts = { ready, desired, ...(old ? { old } : {}) };
  const notCaughtUp = controllerNotCaughtUp(obj);
  if (notCaughtUp) return { status: 'InProgress', message: notCaughtUp, ...counts };
  const progressing = getCondition(obj, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      status: 'Failed',
      reason: 'ProgressDeadlineExceeded',
      message: `progress deadline exceeded${progressing.message ? `: ${progressing.message}` : ''}`,
      ...counts,
    };
  }
  if (obj.spec?.paused) return { status: 'Current', message: 'rollout paused', ...counts };
  const updated: number = s.updatedReplicas ?? 0;
  const total: number = s.replicas ?? 0;
  const available: number = s.availableReplicas ?? 0;
  // Pods that cannot be created (quota, admission) show here; the controller keeps retrying.
  const replicaFailure = getCondition(obj, 'ReplicaFailure');
  const failureNote = replicaFailure?.status === 'True' ? ` (${describe(replicaFailure)})` : '';
  if (updated < desired) {
    return { status: 'InProgress', message: `${updated} of ${desired} replicas updated${failureNote}`, ...counts };
  }
  if (total > updated) {
    return { status: 'InProgress', message: `${total - updated} old ${total - updated === 1 ? 'replica' : 'replicas'} pending termination`, ...counts };
  }
  if (available < updated) {
    return { status: 'InProgress', message: `${available} of ${updated} updated replicas available`, ...counts };
  }
  return { status: 'Current', message: `${available} of ${desired} replicas available`, ...counts };
}
