import type { KObject, Status, WarningEvent } from '../status';
import type { RequestCounter } from '../request-count';

/** One object to track, as the engine knows it from the desired set (e.g. index.json). */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  /** Namespace of a namespaced object; null/undefined for cluster-scoped kinds. */
  namespace?: string | null;
  /** Per-object timeout; wins over the `kapstan.io/timeout` annotation and `TrackOptions.timeoutMs`. */
  timeoutMs?: number;
  /** Construct path (shown in messages when present). */
  path?: string;
}

/** The live view of one object while tracking (what reporters render). */
export interface ObjectState {
  ref: ObjectRef;
  /** "Deployment web/api" (kind, namespace/name) — stable, unique within a run. */
  id: string;
  status: Status;
  message: string;
  ready?: number;
  desired?: number;
  /** Replicas of the previous revision still running during a rollout (not counted in `ready`). */
  old?: number;
  /** Machine-readable failure reason: ImagePullBackOff, CrashLoopBackOff, BackoffLimitExceeded, Timeout… */
  reason?: string;
  /** The pod a failure was found on, when it was. */
  pod?: string;
  /** Warning events about the object and its current pods, newest first. */
  warnings: WarningEvent[];
  /** The last lines the failing pod's container printed (crashes, failed Jobs), when the cluster serves logs. */
  logs?: PodLog;
  /** Milliseconds since tracking started, frozen once the object is done. */
  elapsedMs: number;
  /** The tracker stopped waiting for this object (Current, failed for certain, timed out, aborted). */
  done: boolean;
  timedOut: boolean;
}

export interface PodLog {
  pod: string;
  container: string;
  lines: string[];
}

/** Events sent to a reporter. `update` is sent only when something visible changed. */
export type TrackEvent =
  | { type: 'start'; at: string; objects: ObjectState[] }
  | { type: 'update'; at: string; object: ObjectState }
  | { type: 'done'; at: string; result: TrackResult };

/** Receives tracking progress; see engine/output/{progress,plain,ndjson}.ts. */
export interface TrackReporter {
  onEvent(event: TrackEvent): void;
}

export interface TrackOptions {
  /** Default per-object timeout in ms (5 minutes). The annotation `kapstan.io/timeout: 10m` overrides it per object. */
  timeoutMs?: number;
  /**
   * true (default): stop waiting for an object as soon as its failure is certain (e.g. a pod in
   * ImagePullBackOff); the result still waits for the other objects to settle. false: keep waiting
   * for failing objects to recover until their timeout.
   */
  failFast?: boolean;
  reporter?: TrackReporter;
  /** Aborting ends tracking at once; unfinished objects are reported as aborted. */
  signal?: AbortSignal;
  /** 'current' (default) waits for every object to be Current; 'deleted' waits for them to be gone (destroy/prune). */
  waitFor?: 'current' | 'deleted';
  /** The cluster adds nodes on demand: unschedulable pods are waiting for capacity, not failed. */
  clusterCanGrow?: boolean;
  /** Restarts after which a crash loop is a certain failure (default 3; see engine/status/pod-problem.ts). */
  crashLoopRestarts?: number;
  /**
   * Live objects the caller read moments ago and did not change since, by objectId (a no-op
   * apply's plan): those already Current are done at once, without a list and watch of their own.
   */
  known?: ReadonlyMap<string, KObject>;
  /** Counts every request the tracker sends (lists, watches, discovery, logs). */
  requests?: RequestCounter;
}

/** Final state of one object. */
export interface ObjectOutcome {
  ref: ObjectRef;
  id: string;
  status: Status;
  message: string;
  reason?: string;
  pod?: string;
  ready?: number;
  desired?: number;
  old?: number;
  warnings: WarningEvent[];
  logs?: PodLog;
  /** Time from the start of tracking until this object was done. */
  durationMs: number;
  timedOut: boolean;
  /** true when the object reached the awaited state (Current, or gone for waitFor 'deleted'). */
  ok: boolean;
}

export interface TrackResult {
  /** Every object reached the awaited state. */
  ok: boolean;
  aborted: boolean;
  durationMs: number;
  /** In the order given. */
  objects: ObjectOutcome[];
  /** The objects that did not succeed (failed, timed out or aborted). */
  failed: ObjectOutcome[];
}
