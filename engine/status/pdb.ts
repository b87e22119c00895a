import { generationLag } from './conditions';
import type { KObject, StatusResult } from './types';

// Current once the disruption controller observed the latest spec.
export function pdbStatus(obj: KObject): StatusResult {
  const s = obj.status ?? {};
  const lag = generationLag(obj);
  if (lag || s.observedGeneration === undefined) {
    return { status: 'InProgress', message: lag ?? 'waiting for the disruption controller' };
  }
  return {
    status: 'Current',
    message: `${s.currentHealthy ?? 0} healthy of ${s.desiredHealthy ?? 0} needed, ${s.disruptionsAllowed ?? 0} disruptions allowed`,
    ready: s.currentHealthy,
    desired: s.expectedPods,
  };
}
