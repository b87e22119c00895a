import { controllerNotCaughtUp, describe, getCondition } from './conditions';
import type { KObject, StatusResult } from './types';

// kstatus: the desired number of replicas exist, are ready and available, and no extra ones remain.
export function replicaSetStatus(obj: KObject): StatusResult {
  const desired: number = obj.spec?.replicas ?? 1;
  const s = obj.status ?? {};
  const ready: number = s.readyReplicas ?? 0;
  const notCaughtUp = controllerNotCaughtUp(obj);
  if (notCaughtUp) return { status: 'InProgress', message: notCaughtUp, ready, desired };
  const failure = getCondition(obj, 'ReplicaFailure');
  if (failure?.status === 'True') {
    // Usually quota or admission: the controller keeps retrying, so this is not final.
    return { status: 'InProgress', message: `replica failure: ${describe(failure)}`, ready, desired };
  }
  if (ready < desired) return { status: 'InProgress', message: `${ready} of ${desired} replicas ready`, ready, desired };
  if ((s.availableReplicas ?? 0) < desired) {
    return { status: 'InProgress', message: `${s.availableReplicas ?? 0} of ${desired} replicas available`, ready, desired };
  }
  if ((s.replicas ?? 0) > desired) {
    return { status: 'InProgress', message: `${s.replicas - desired} extra replicas pending termination`, ready, desired };
  }
  return { status: 'Current', message: `${ready} of ${desired} replicas ready`, ready, desired };
}
