// A pod the scheduler cannot place is not a failure on a cluster that adds nodes on demand
// (cluster autoscaler, Karpenter, node pools scaled from zero): it waits for capacity. It is
// certain only when nothing will make it schedulable: the autoscaler said it will not scale up
// for it, or no node pool can ever fit it.
import type { PodProblem } from './pod-problem';
import type { KObject } from './types';

/** Event reasons of autoscalers about a pending pod. */
const SCALING_UP = new Set(['TriggeredScaleUp', 'Nominated']); // cluster autoscaler; Karpenter
const WONT_SCALE = 'NotTriggerScaleUp'; // cluster autoscaler: no node group can fit the pod
/** The Normal events a rule reads: every other Normal event explains nothing (engine/track/reduce.ts). */
export const AUTOSCALER_NORMAL_REASONS: ReadonlySet<string> = new Set([...SCALING_UP, WONT_SCALE]);
// Karpenter: no NodePool's requirements admit the pod.
const NO_POOL_FITS = /incompatible with (all )?nodepools?/i;

const when = (e: KObject) => e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? '';

/** The newest autoscaler event about the pod (any type: their scale-up events are Normal). */
export function autoscalerEvent(pod: KObject, events: KObject[]): KObject | undefined {
  const uid = pod.metadata?.uid;
  const name = pod.metadata?.name;
  return events
    .filter((e) => {
      const io = e.involvedObject ?? e.regarding ?? {};
      if (uid && io.uid ? io.uid !== uid : io.kind !== 'Pod' || io.name !== name) return false;
      return SCALING_UP.has(e.reason) || e.reason === WONT_SCALE || (e.reason === 'FailedScheduling' && NO_POOL_FITS.test(e.message ?? e.note ?? ''));
    })
    .sort((a, b) => when(b).localeCompare(when(a)))[0];
}

/**
 * An Unschedulable problem seen with what the cluster can do: `WaitingForCapacity` (not certain)
 * while an autoscaler is adding a node for it or the cluster can grow; certain when the
 * autoscaler gave up on it; unchanged otherwise (a fixed cluster: no node fits, for good).
 */
export function withCapacity(problem: PodProblem, pod: KObject, events: KObject[], clusterCanGrow: boolean): PodProblem {
  if (problem.reason !== 'Unschedulable') return problem;
  const e = autoscalerEvent(pod, events);
  const said = (e?.message ?? e?.note ?? '').trim();
  if (e && (e.reason === WONT_SCALE || e.reason === 'FailedScheduling')) {
    return { ...problem, certain: true, message: `${problem.message}; autoscaler: ${e.reason}: ${said}` };
  }
  if (e) return { ...problem, reason: 'WaitingForCapacity', certain: false, message: `${e.reason}: ${said}; scheduler: ${problem.message}` };
  if (pod.status?.nominatedNodeName) {
    return { ...problem, reason: 'WaitingForCapacity', certain: false, message: `nominated for node ${pod.status.nominatedNodeName}; scheduler: ${problem.message}` };
  }
  if (clusterCanGrow) return { ...problem, reason: 'WaitingForCapacity', certain: false, message: `the cluster can add nodes; scheduler: ${problem.message}` };
  return problem;
}
