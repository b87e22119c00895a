import type { KObject, StatusResult } from './types';

// A CronJob has nothing to roll out: it is Current as soon as it exists (kstatus does the same).
// The message says when it last ran so `kapstan status` is informative.
export function cronJobStatus(obj: KObject): StatusResult {
  const s = obj.status ?? {};
  const parts = [`schedule "${obj.spec?.schedule ?? '?'}"`];
  if (obj.spec?.suspend) parts.push('suspended');
  if (s.active?.length) parts.push(`${s.active.length} active`);
  if (s.lastScheduleTime) parts.push(`last scheduled ${s.lastScheduleTime}`);
  return { status: 'Current', message: parts.join(', ') };
}
