import { controllerNotCaughtUp, describe, getCondition } from './conditions';
import type { KObject, StatusResult } from './types';

// Mirrors `kubectl rollout status` and kstatus: the controller saw the spec, every replica runs the
// new template, old replicas are gone and the new ones are available.
export function deploymentStatus(obj: KObject): StatusResult {
  const desired: number = obj.spec?.replicas ?? 1;
  const s = obj.status ?? {};
  const ready: number = s.readyReplicas ?? 0;
  const notCaughtUp = controllerNotCaughtUp(obj);
  if (notCaughtUp) return { status: 'InProgress', message: notCaughtUp, ready, desired };
  const progressing = getCondition(obj, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      status: 'Failed',
      reason: 'ProgressDeadlineExceeded',
      message: `progress deadline exceeded${progressing.message ? `: ${progressing.message}` : ''}`,
      ready,
      desired,
    };
  }
  if (obj.spec?.paused) return { status: 'Current', message: 'rollout paused', ready, desired };
  const updated: number = s.updatedReplicas ?? 0;
  const total: number = s.replicas ?? 0;
  const available: number = s.availableReplicas ?? 0;
  // Pods that cannot be created (quota, admission) show here; the controller keeps retrying.
  const replicaFailure = getCondition(obj, 'ReplicaFailure');
  const failureNote = replicaFailure?.status === 'True' ? ` (${describe(replicaFailure)})` : '';
  if (updated < desired) {
    return { status: 'InProgress', message: `${updated} of ${desired} replicas updated${failureNote}`, ready, desired };
  }
  if (total > updated) {
    return { status: 'InProgress', message: `${total - updated} old replicas pending termination`, ready, desired };
  }
  if (available < updated) {
    return { status: 'InProgress', message: `${available} of ${updated} updated replicas available`, ready, desired };
  }
  return { status: 'Current', message: `${available} of ${desired} replicas available`, ready, desired };
}
