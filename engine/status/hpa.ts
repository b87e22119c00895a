import { describe, getCondition } from './conditions';
import type { KObject, StatusResult } from './types';

// The autoscaler has nothing to roll out: it is Current once its controller has reported, with any
// reason it cannot scale in the message (e.g. missing metrics) rather than blocking the rollout.
export function hpaStatus(obj: KObject): StatusResult {
  const s = obj.status ?? {};
  const ready: number | undefined = s.currentReplicas;
  const desired: number | undefined = s.desiredReplicas;
  const conditions: unknown[] = s.conditions ?? [];
  if (conditions.length === 0 && s.lastScaleTime === undefined && ready === undefined) {
    return { status: 'InProgress', message: 'waiting for the autoscaler to report' };
  }
  const problems = ['AbleToScale', 'ScalingActive']
    .map((type) => getCondition(obj, type))
    .filter((c) => c?.status === 'False')
    .map((c) => `${c!.type}=False (${describe(c)})`);
  const counts = `${ready ?? 0} current / ${desired ?? 0} desired replicas`;
  return { status: 'Current', message: problems.length ? `${counts}; ${problems.join('; ')}` : counts, ready, desired };
}
