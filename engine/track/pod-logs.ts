import { podProblem } from '../status';
import type { ClusterReader } from './cluster';
import type { ObjectState, PodLog } from './types';

/** Failures whose container ran and stopped: its own output usually says why (as kubedog shows). */
const RAN_AND_STOPPED = new Set(['CrashLoopBackOff', 'OOMKilled', 'Error', 'BackoffLimitExceeded', 'DeadlineExceeded']);
export const LOG_TAIL_LINES = 10;
const FETCH_TIMEOUT_MS = 3000;

export function wantsLogs(s: ObjectState): boolean {
  return s.status === 'Failed' && !!s.pod && !!s.ref.namespace && RAN_AND_STOPPED.has(s.reason ?? '');
}

/**
 * The last lines the failing container printed, or undefined when the cluster cannot say (no
 * kubelet API reachable, pod gone, no permission). Never fails the run: logs only explain.
 * Secret values in them are masked by the output's redactor like everything else printed.
 */
export async function fetchPodLog(reader: ClusterReader, s: ObjectState): Promise<PodLog | undefined> {
  const ns = s.ref.namespace!;
  const pod = s.pod!;
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), FETCH_TIMEOUT_MS).unref());
  const fetch = (async () => {
    const live = await reader.get(`/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(pod)}`);
    const container = podProblem(live)?.container ?? live?.spec?.containers?.[0]?.name;
    if (!container) return undefined;
    const text = await reader.text(`/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(pod)}/log`, {
      container,
      tailLines: String(LOG_TAIL_LINES),
    });
    const lines = text.replace(/\n$/, '').split('\n').filter((l) => l !== '');
    return lines.length ? { pod, container, lines } : undefined;
  })().catch(() => undefined);
  return Promise.race([fetch, timeout]);
}
