import type { ObjectOutcome, ObjectState, TrackResult } from './types';

/**
 * The final result from the objects' last states. An object succeeded when it reached the awaited
 * state (Current, or NotFound when waiting for deletion) before its timeout and was not aborted.
 */
export function buildResult(states: ObjectState[], opts: { aborted: boolean; waitFor: 'current' | 'deleted'; durationMs: number }): TrackResult {
  const awaited = opts.waitFor === 'deleted' ? 'NotFound' : 'Current';
  const objects: ObjectOutcome[] = states.map((s) => ({
    ref: s.ref,
    id: s.id,
    status: s.status,
    message: s.message,
    reason: s.reason,
    pod: s.pod,
    ready: s.ready,
    desired: s.desired,
    old: s.old,
    warnings: s.warnings,
    ...(s.logs ? { logs: s.logs } : {}),
    durationMs: s.elapsedMs,
    timedOut: s.timedOut,
    ok: !s.timedOut && s.reason !== 'Aborted' && s.status === awaited,
  }));
  const failed = objects.filter((o) => !o.ok);
  return { ok: failed.length === 0 && !opts.aborted, aborted: opts.aborted, durationMs: opts.durationMs, objects, failed };
}
