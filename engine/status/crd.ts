import { describe, getCondition } from './conditions';
import type { KObject, StatusResult } from './types';

// A CRD can be used once Established; NamesAccepted=False (a name clash) never resolves by itself.
export function crdStatus(obj: KObject): StatusResult {
  const names = getCondition(obj, 'NamesAccepted');
  if (names?.status === 'False') return { status: 'Failed', final: true, reason: names.reason ?? 'NamesNotAccepted', message: describe(names) };
  const established = getCondition(obj, 'Established');
  if (established?.status === 'True') return { status: 'Current', message: 'established' };
  return { status: 'InProgress', message: established ? `not established: ${describe(established)}` : 'waiting to be established' };
}
