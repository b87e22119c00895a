import { getCondition } from './conditions';
import { formatPodProblem, podProblem } from './pod-problem';
import type { KObject, StatusContext, StatusResult } from './types';

// kstatus: Succeeded is Current, Failed is Failed, Running with Ready=True is Current. Container
// problems that will not fix themselves (image pull, crash loop, unschedulable…) are Failed.
export function podStatus(obj: KObject, ctx?: StatusContext): StatusResult {
  const phase: string | undefined = obj.status?.phase;
  const containers: number = obj.spec?.containers?.length ?? 0;
  const ready: number = (obj.status?.containerStatuses ?? []).filter((c: { ready?: boolean }) => c.ready).length;
  const counts = { ready, desired: containers };
  if (phase === 'Succeeded') return { status: 'Current', message: 'pod succeeded', ...counts };
  if (phase === 'Failed') {
    const reason = obj.status?.reason ?? 'PodFailed';
    return { status: 'Failed', final: true, reason, message: `pod failed${obj.status?.message ? `: ${obj.status.message}` : ` (${reason})`}`, ...counts };
  }
  const problem = podProblem(obj, ctx);
  // On a cluster that can grow, an unschedulable pod waits (diagnose tells more from events).
  if (problem?.certain && !(problem.reason === 'Unschedulable' && ctx?.clusterCanGrow)) return { status: 'Failed', reason: problem.reason, message: formatPodProblem(problem), ...counts };
  if (phase === 'Running' && getCondition(obj, 'Ready')?.status === 'True') {
    return { status: 'Current', message: 'pod running and ready', ...counts };
  }
  if (phase === 'Running') return { status: 'InProgress', message: 'pod running, not ready yet', ...counts };
  return { status: 'InProgress', message: `pod ${phase ?? 'not yet reported'}`, ...counts };
}
