import { getCondition } from './conditions';
import type { KObject, StatusResult } from './types';

// A Job is Current when Complete and Failed when the controller gave up (BackoffLimitExceeded,
// DeadlineExceeded, a pod failure policy…); FailureTarget already means the failure is decided.
export function jobStatus(obj: KObject): StatusResult {
  const s = obj.status ?? {};
  const completions: number = obj.spec?.completions ?? (obj.spec?.parallelism === undefined ? 1 : obj.spec.parallelism);
  const succeeded: number = s.succeeded ?? 0;
  const progress = { ready: succeeded, desired: completions };
  const failed = getCondition(obj, 'Failed');
  const target = getCondition(obj, 'FailureTarget');
  const failure = failed?.status === 'True' ? failed : target?.status === 'True' ? target : undefined;
  if (failure) {
    const reason = failure.reason ?? 'Failed';
    return { status: 'Failed', final: true, reason, message: `${reason}${failure.message ? `: ${failure.message}` : ''}`, ...progress };
  }
  if (getCondition(obj, 'Complete')?.status === 'True') {
    return { status: 'Current', message: `completed (${succeeded} succeeded)`, ...progress };
  }
  if (obj.spec?.suspend) return { status: 'Current', message: 'suspended', ...progress };
  const active: number = s.active ?? 0;
  const failedPods: number = s.failed ?? 0;
  const parts = [`${succeeded} of ${completions} succeeded`, `${active} active`];
  if (failedPods) parts.push(`${failedPods} failed`);
  return { status: 'InProgress', message: parts.join(', '), ...progress };
}
