import { describe, generationLag, getCondition } from './conditions';
import type { Condition, KObject, StatusResult } from './types';

// kstatus's rule for kinds without their own: observedGeneration, then the Stalled / Reconciling /
// Ready conditions that well-behaved controllers publish, and Available (as Ready when there is
// no Ready). A condition that carries its own observedGeneration older than the object's
// generation describes an older spec, so it is not trusted yet. No status at all means Current.
export function genericStatus(obj: KObject): StatusResult {
  const lag = generationLag(obj);
  if (lag) return { status: 'InProgress', message: lag };
  const stalled = fresh(obj, 'Stalled');
  if (stalled?.status === 'True') return { status: 'Failed', reason: stalled.reason ?? 'Stalled', message: `stalled: ${describe(stalled)}` };
  const reconciling = fresh(obj, 'Reconciling');
  if (reconciling?.status === 'True') return { status: 'InProgress', message: `reconciling: ${describe(reconciling) || 'in progress'}` };
  for (const type of ['Ready', 'Available']) {
    const c = getCondition(obj, type);
    if (!c) continue;
    const stale = staleCondition(obj, c);
    if (stale) return { status: 'InProgress', message: stale };
    const word = type === 'Ready' ? 'ready' : 'available';
    if (c.status === 'False') return { status: 'InProgress', message: `not ${word}: ${describe(c) || `${type}=False`}` };
    if (c.status === 'Unknown') return { status: 'InProgress', message: `${type === 'Ready' ? 'readiness' : 'availability'} unknown: ${describe(c)}` };
    if (c.status === 'True') return { status: 'Current', message: word };
  }
  return { status: 'Current', message: 'exists' };
}

/** The condition, unless it describes an older generation of the spec. */
function fresh(obj: KObject, type: string): Condition | undefined {
  const c = getCondition(obj, type);
  return c && !staleCondition(obj, c) ? c : undefined;
}

function staleCondition(obj: KObject, c: Condition & { observedGeneration?: number }): string | undefined {
  const generation = obj.metadata?.generation;
  if (generation === undefined || c.observedGeneration === undefined || c.observedGeneration >= generation) return undefined;
  return `waiting for the controller to report ${c.type} for generation ${generation}`;
}
