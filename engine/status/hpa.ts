import { describe, getCondition } from './conditions';
import type { KObject, StatusContext, StatusResult } from './types';

// The autoscaler has nothing to roll out of its own: it is Current once its controller has reported,
// with any reason it cannot scale in the message (e.g. missing metrics) rather than blocking the
// rollout. One exception: a workload below the autoscaler's minimum (its manifest leaves replicas to
// the autoscaler, so it starts with 1) is not ready until the autoscaler has raised it to the
// minimum and those replicas are available. That needs the scale target, when it is tracked too.
export function hpaStatus(obj: KObject, ctx?: StatusContext): StatusResult {
  const s = obj.status ?? {};
  const ready: number | undefined = s.currentReplicas;
  const desired: number | undefined = s.desiredReplicas;
  if (!hpaReported(obj)) return { status: 'InProgress', message: 'waiting for the autoscaler to report' };
  const problems = ['AbleToScale', 'ScalingActive']
    .map((type) => getCondition(obj, type))
    .filter((c) => c?.status === 'False')
    .map((c) => `${c!.type}=False (${describe(c)})`);
  const counts = `${ready ?? 0} current / ${desired ?? 0} desired replicas`;
  const message = problems.length ? `${counts}; ${problems.join('; ')}` : counts;
  const target = ctx?.scaleTarget ? targetProgress(obj, ctx.scaleTarget) : undefined;
  if (!target) return { status: 'Current', message, ready, desired };
  // The autoscaler's own counts lag up to a sync period (15 s) behind the workload's, so the
  // progress shown is the workload's.
  return { status: target.atMinimum ? 'Current' : 'InProgress', message: `${target.text}; the autoscaler reported ${message}`, ready: target.available, desired: target.wanted };
}

/** Whether the autoscaler's controller has written its status yet. */
export function hpaReported(obj: KObject): boolean {
  const s = obj.status ?? {};
  return (s.conditions ?? []).length > 0 || s.lastScaleTime !== undefined || s.currentReplicas !== undefined;
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

/** How far the scale target is from the autoscaler's minimum; undefined when that does not apply. */
function targetProgress(hpa: KObject, target: KObject): { atMinimum: boolean; text: string; available: number; wanted: number } | undefined {
  // Custom scale targets report availability in their own ways.
  if (!WORKLOADS.has(target.kind ?? '')) return undefined;
  const replicas: number | undefined = target.spec?.replicas;
  // Scaled to zero by hand: the autoscaler is off until the workload is scaled up again.
  if (replicas === undefined || replicas === 0) return undefined;
  const min: number = hpa.spec?.minReplicas ?? 1;
  const what = `${target.kind} ${target.metadata?.name}`;
  const available: number = target.status?.availableReplicas ?? target.status?.readyReplicas ?? 0;
  const wanted = Math.max(replicas, min);
  if (replicas < min) return { atMinimum: false, available, wanted, text: `waiting for the autoscaler to scale ${what} up to its minimum of ${min} (now ${replicas})` };
  return { atMinimum: available >= min, available, wanted, text: `${what}: ${available} available (the autoscaler's minimum is ${min})` };
}
