import type { KObject, StatusResult } from './types';

export function namespaceStatus(obj: KObject): StatusResult {
  const phase: string | undefined = obj.status?.phase;
  if (phase === 'Terminating') return { status: 'Terminating', message: 'namespace is being deleted' };
  // Namespaces are usable as soon as they exist; phase may lag on a fresh object.
  return { status: 'Current', message: 'active' };
}
