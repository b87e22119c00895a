import type { KObject, StatusContext, StatusResult } from './types';

// Bound is Current. A Pending claim whose StorageClass binds on first consumer is Current as well
// (kstatus does the same): it binds only once a pod uses it, so waiting for it would deadlock.
export function pvcStatus(obj: KObject, ctx?: StatusContext): StatusResult {
  const phase: string | undefined = obj.status?.phase;
  if (phase === 'Bound') return { status: 'Current', message: `bound to ${obj.spec?.volumeName ?? 'a volume'}` };
  if (phase === 'Lost') return { status: 'Failed', final: true, reason: 'ClaimLost', message: 'the bound volume was lost' };
  if (ctx?.storageClassBindingMode === 'WaitForFirstConsumer') {
    return { status: 'Current', message: 'pending: waits for its first consumer before binding' };
  }
  return { status: 'InProgress', message: `claim ${phase ?? 'not yet reported'}, waiting to be bound` };
}
