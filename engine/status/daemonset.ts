import { controllerNotCaughtUp } from './conditions';
import type { KObject, StatusResult } from './types';

// Every node that should run the daemon runs the current template and the pod is available.
export function daemonSetStatus(obj: KObject): StatusResult {
  const s = obj.status ?? {};
  const desired: number = s.desiredNumberScheduled ?? 0;
  const ready: number = s.numberReady ?? 0;
  const notCaughtUp = controllerNotCaughtUp(obj);
  if (notCaughtUp) return { status: 'InProgress', message: notCaughtUp, ready, desired };
  const updated: number = s.updatedNumberScheduled ?? 0;
  const available: number = s.numberAvailable ?? 0;
  if (obj.spec?.updateStrategy?.type !== 'OnDelete' && updated < desired) {
    return { status: 'InProgress', message: `${updated} of ${desired} pods updated`, ready, desired };
  }
  if (available < desired) {
    return { status: 'InProgress', message: `${available} of ${desired} pods available`, ready, desired };
  }
  return { status: 'Current', message: `${available} of ${desired} pods available`, ready, desired };
}
