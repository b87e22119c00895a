import { diagnose, type Related } from './diagnose';
import { warningEvents, type WarningEvent } from './events';
import { computeStatus } from './compute';
import { hpaReported } from './hpa';
import { formatPodProblem } from './pod-problem';
import type { KObject, StatusContext, StatusResult } from './types';

// Kinds whose pods explain their progress and failures.
export const POD_OWNERS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'Pod']);

export interface Assessment extends StatusResult {
  /** The pod a failure was found on. */
  pod?: string;
  warnings: WarningEvent[];
}

/**
 * The kind's status rule, explained by what surrounds the object: a certain pod problem turns an
 * InProgress workload into Failed naming the pod; a failed Job says how its last pod ended; an
 * object still in progress shows its first pod problem and newest Warning event.
 * `related` is undefined when pods and events are not known (e.g. waiting for deletion).
 */
export function assess(live: KObject | undefined, related: Required<Related> | undefined, ctx?: StatusContext): Assessment {
  const result: Assessment = { ...computeStatus(live, ctx), warnings: [] };
  if (!live || !related) return result;
  const kind = live.kind ?? '';
  // An autoscaler that has reported but is still InProgress waits for its workload to reach the
  // minimum: the workload's new pods explain why (the workload itself may be done with 1 replica).
  const raising = kind === 'HorizontalPodAutoscaler' && result.status === 'InProgress' && hpaReported(live);
  const podsOf = POD_OWNERS.has(kind) ? live : raising ? ctx?.scaleTarget : undefined;
  if (podsOf) {
    const d = diagnose(podsOf, related, ctx);
    result.warnings = d.warnings;
    if (result.status === 'InProgress' && d.failure) {
      return { ...result, status: 'Failed', reason: d.failure.reason, pod: d.failure.pod, message: formatPodProblem(d.failure) };
    }
    if (result.status === 'Failed' && d.lastFailedPod) {
      result.message = `${result.message}; ${d.lastFailedPod.text}`;
      result.pod = d.lastFailedPod.name;
    }
    if (result.status === 'InProgress' && d.problems[0]) {
      // Said first, so a narrow table still shows it: the rollout is not stuck, it waits for nodes.
      const waiting = d.problems[0].reason === 'WaitingForCapacity' ? 'waiting for capacity: ' : '';
      result.message = `${waiting}${result.message}; ${formatPodProblem(d.problems[0])}`;
    }
  } else {
    result.warnings = warningEvents(related.events, [{ kind, name: live.metadata?.name ?? '', uid: live.metadata?.uid }]);
  }
  const latest = result.warnings[0];
  if (result.status === 'InProgress' && latest) result.message = `${result.message}; warning ${latest.object} ${latest.reason}: ${latest.message}`;
  return result;
}
