// Bridge to the rollout tracker (engine/track): turns applied targets into tracker refs, picks the
// reporter for the output mode, and routes the reporter's output through the redacting printer.
import { trackRollout, currentStatus, objectId, type ObjectRef, type TrackResult, type ObjectState } from './track';
import type { PodLog } from './track/types';
import { createTrackReporter } from './output/progress';
import { currentFromRead } from './track/known';
import type { Session } from './session';
import type { Target } from './targets';

export interface TrackOutcome {
  ok: boolean;
  errors: string[];
  /** By `Kind/namespace/name`. */
  objects: Map<string, TrackedObject>;
  result?: TrackResult;
}

export function toRef(t: Target): ObjectRef {
  const m = t.manifest;
  return { apiVersion: m.apiVersion, kind: m.kind, name: m.metadata.name, namespace: m.metadata.namespace ?? null, path: t.path };
}

/** A stream-like object for the reporters: writes go through the session's redactor. */
function reporterStream(s: Session): any {
  // The size is read on every draw: the terminal may be resized mid-run.
  return {
    write: (t: string) => { s.out.write(t); return true; },
    isTTY: s.out.isTTY,
    get columns() { return s.out.columns; },
    get rows() { return s.out.rows; },
  };
}

export interface TrackedObject {
  status: string;
  message?: string;
  durationMs: number;
  reason?: string;
  pod?: string;
  /** Fail-fast stopped waiting at a pod problem that --fail-fast=false would have waited out. */
  failedFast?: boolean;
  logs?: PodLog;
}

// The pod problems fail-fast decides on; a failed Job or an exceeded deadline fails either way.
const FAIL_FAST_REASONS = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull', 'CrashLoopBackOff', 'OOMKilled',
  'CreateContainerConfigError', 'CreateContainerError', 'RunContainerError', 'Unschedulable']);

export interface TrackTargetsOptions {
  timeoutMs?: number;
  failFast?: boolean;
  waitFor?: 'current' | 'deleted';
  signal?: AbortSignal;
  crashLoopRestarts?: number;
  /** Live objects this run read and did not change, by objectId: those already Current are not watched. */
  known?: ReadonlyMap<string, any>;
}

export async function trackTargets(s: Session, targets: Target[], opts: TrackTargetsOptions): Promise<TrackOutcome> {
  const reporter = createTrackReporter({ output: s.out.mode, stream: reporterStream(s), tty: s.out.isTTY, color: s.out.color });
  const refs = targets.map(toRef);
  // Whether the cluster grows matters only to pods still waiting: not asked when every object is known Current.
  const allKnown = !!opts.known && refs.every((r) => currentFromRead(r, opts.known!.get(objectId(r))));
  const clusterCanGrow = opts.waitFor === 'deleted' || allKnown ? false : await canGrow(s);
  const result = await trackRollout(() => s.client.kc, refs, {
    timeoutMs: opts.timeoutMs, failFast: opts.failFast ?? true, reporter, waitFor: opts.waitFor, signal: opts.signal,
    clusterCanGrow, crashLoopRestarts: opts.crashLoopRestarts, known: opts.known, requests: s.client.requests,
  });
  const objects = new Map<string, TrackedObject>();
  for (const o of result.objects) {
    const failedFast = (opts.failFast ?? true) && o.status === 'Failed' && !o.timedOut && FAIL_FAST_REASONS.has(o.reason ?? '');
    objects.set(`${o.ref.kind}/${o.ref.namespace ?? ''}/${o.ref.name}`, { status: o.status, message: o.message, durationMs: o.durationMs, reason: o.reason, pod: o.pod, failedFast, logs: o.logs });
  }
  // The tracker's messages usually start with the pod already; name it only when they do not.
  const errors = result.failed.map((o) => `${o.id}: ${o.message}${o.pod && !o.message?.includes(o.pod) ? ` (pod ${o.pod})` : ''}`);
  return { ok: result.ok, errors, objects, result };
}

/**
 * Whether the cluster adds nodes on demand: the stack says so (`capacity: 'autoscaled'`), or a
 * cluster autoscaler (its status ConfigMap) or Karpenter (its API group) is there.
 */
export async function canGrow(s: Session): Promise<boolean> {
  if (s.source.capacity) return s.source.capacity === 'autoscaled';
  const [ca, karpenter] = await Promise.all([
    s.client.request('GET', '/api/v1/namespaces/kube-system/configmaps/cluster-autoscaler-status', { allow: [403, 404] }).catch(() => undefined),
    s.client.request('GET', '/apis/karpenter.sh', { allow: [403, 404] }).catch(() => undefined),
  ]);
  return !!ca || !!karpenter;
}

export async function statusOf(s: Session, targets: Target[]): Promise<ObjectState[]> {
  // A pending pod on a cluster that grows is waiting, not failed, here too.
  return currentStatus(s.client.kc, targets.map(toRef), { clusterCanGrow: await canGrow(s), requests: s.client.requests });
}

export { objectId };
