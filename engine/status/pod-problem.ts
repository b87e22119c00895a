import type { KObject } from './types';

/** Why a pod cannot become ready. `certain` problems do not fix themselves without a new spec. */
export interface PodProblem {
  pod: string;
  container?: string;
  reason: string;
  message: string;
  certain: boolean;
  restarts?: number;
  exitCode?: number;
}

// Waiting reasons that stay until someone changes the pod spec (or the image/config it refers to).
// A single ErrImagePull may be a registry hiccup; once the kubelet backs off (ImagePullBackOff)
// the pull has failed repeatedly and the failure is certain.
const IMAGE_REASONS = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);
const RETRYABLE_IMAGE_REASONS = new Set(['ErrImagePull']);
const CONFIG_REASONS = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);

/**
 * Restarts after which a crash loop counts as certain. One crash can be a dependency not up yet
 * (a database still starting); by the third the kubelet's back-off has reached 40 s, so the
 * container has failed to stay up for over a minute. kubedog allows one failure per replica;
 * Helm's --wait never fails early (it waits for the timeout): this sits between the two.
 */
export const DEFAULT_CRASH_LOOP_RESTARTS = 3;

export interface ProblemOptions {
  /** Restarts after which CrashLoopBackOff is certain (default DEFAULT_CRASH_LOOP_RESTARTS). */
  crashLoopRestarts?: number;
}

// Scheduling failures that resolve on their own: claims still being provisioned, nodes starting.
const TRANSIENT_UNSCHEDULABLE = /unbound immediate PersistentVolumeClaims|persistentvolumeclaim "[^"]*" not found|node\.kubernetes\.io\/not-ready/i;

interface ContainerStatus {
  name: string;
  restartCount?: number;
  state?: { waiting?: { reason?: string; message?: string }; terminated?: { reason?: string; exitCode?: number; message?: string } };
  lastState?: { terminated?: { reason?: string; exitCode?: number; message?: string } };
}

/**
 * The first thing keeping this pod from becoming ready, from its container states and its
 * PodScheduled condition. Pure: tested on pod JSON.
 */
export function podProblem(pod: KObject, opts: ProblemOptions = {}): PodProblem | undefined {
  const name = pod.metadata?.name ?? '?';
  const statuses: ContainerStatus[] = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  for (const cs of statuses) {
    const problem = containerProblem(name, cs, opts.crashLoopRestarts ?? DEFAULT_CRASH_LOOP_RESTARTS);
    if (problem) return problem;
  }
  const scheduled = (pod.status?.conditions ?? []).find((c: { type: string }) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    const message: string = scheduled.message ?? 'no node fits the pod';
    return { pod: name, reason: 'Unschedulable', message, certain: !TRANSIENT_UNSCHEDULABLE.test(message) };
  }
  return undefined;
}

function containerProblem(pod: string, cs: ContainerStatus, crashLoopRestarts: number): PodProblem | undefined {
  const waiting = cs.state?.waiting;
  const last = cs.lastState?.terminated;
  const restarts = cs.restartCount ?? 0;
  const base = { pod, container: cs.name, restarts };
  if (waiting?.reason && IMAGE_REASONS.has(waiting.reason)) {
    return { ...base, reason: waiting.reason, message: waiting.message ?? 'cannot pull image', certain: !RETRYABLE_IMAGE_REASONS.has(waiting.reason) };
  }
  if (waiting?.reason && CONFIG_REASONS.has(waiting.reason)) {
    return { ...base, reason: waiting.reason, message: waiting.message ?? 'cannot create container', certain: true };
  }
  const terminated = cs.state?.terminated;
  if (terminated?.reason === 'OOMKilled' || (waiting?.reason === 'CrashLoopBackOff' && last?.reason === 'OOMKilled')) {
    const exitCode = terminated?.exitCode ?? last?.exitCode;
    // The exit code (137: SIGKILL) tells a kernel OOM kill apart from the app exiting by itself.
    const code = exitCode === undefined ? '' : `exit code ${exitCode}, `;
    return { ...base, reason: 'OOMKilled', exitCode, message: `container ${cs.name} ran out of memory (${code}restarts: ${restarts})`, certain: true };
  }
  if (waiting?.reason === 'CrashLoopBackOff') {
    const exitCode = last?.exitCode;
    const how = exitCode === undefined ? '' : `, last exit code ${exitCode}${last?.reason ? ` (${last.reason})` : ''}`;
    return { ...base, reason: 'CrashLoopBackOff', exitCode, message: `container ${cs.name} keeps crashing: restarts ${restarts}${how}`, certain: restarts >= crashLoopRestarts };
  }
  return undefined;
}

/** "pod web-abc: ImagePullBackOff: <message>" */
export function formatPodProblem(p: PodProblem): string {
  return `pod ${p.pod}: ${p.reason}: ${p.message}`;
}
