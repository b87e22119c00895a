import { describe, generationLag, getCondition } from './conditions';
import type { KObject, StatusResult } from './types';

// kstatus's rule for kinds without their own: observedGeneration, then the Stalled / Reconciling /
// Ready conditions that well-behaved controllers publish. No status at all means Current.
export function genericStatus(obj: KObject): StatusResult {
  const lag = generationLag(obj);
  if (lag) return { status: 'InProgress', message: lag };
  const stalled = getCondition(obj, 'Stalled');
  if (stalled?.status === 'True') return { status: 'Failed', reason: stalled.reason ?? 'Stalled', message: `stalled: ${describe(stalled)}` };
  const reconciling = getCondition(obj, 'Reconciling');
  if (reconciling?.status === 'True') return { status: 'InProgress', message: `reconciling: ${describe(reconciling) || 'in progress'}` };
  const ready = getCondition(obj, 'Ready');
  if (ready?.status === 'False') return { status: 'InProgress', message: `not ready: ${describe(ready) || 'Ready=False'}` };
  if (ready?.status === 'Unknown') return { status: 'InProgress', message: `readiness unknown: ${describe(ready)}` };
  if (ready?.status === 'True') return { status: 'Current', message: 'ready' };
  return { status: 'Current', message: 'exists' };
}
