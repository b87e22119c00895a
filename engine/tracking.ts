// Bridge to the rollout tracker (engine/track): turns applied targets into tracker refs, picks the
// reporter for the output mode, and routes the reporter's output through the redacting printer.
import { trackRollout, currentStatus, objectId, type ObjectRef, type TrackResult, type ObjectState } from './track';
import type { PodLog } from './track/types';
import { createTrackReporter } from './output/progress';
import type { Session } from './session';
import type { Target } from './targets';

export interface TrackOutcome {
  ok: boolean;
  errors: string[];
  /** By `Kind/namespace/name`. */
  objects: Map<string, { status: string; message?: string; durationMs: number; logs?: PodLog }>;
  result?: TrackResult;
}

export function toRef(t: Target): ObjectRef {
  const m = t.manifest;
  return { apiVersion: m.apiVersion, kind: m.kind, name: m.metadata.name, namespace: m.metadata.namespace ?? null, path: t.path };
}

/** A stream-like object for the reporters: writes go through the session's redactor. */
function reporterStream(s: Session): any {
  const std = process.stdout as NodeJS.WriteStream;
  return { write: (t: string) => { s.out.write(t); return true; }, isTTY: s.out.isTTY, columns: std.columns, rows: std.rows };
}

export async function trackTargets(s: Session, targets: Target[], opts: { timeoutMs?: number; failFast?: boolean; waitFor?: 'current' | 'deleted' }): Promise<TrackOutcome> {
  const reporter = createTrackReporter({ output: s.out.mode, stream: reporterStream(s), tty: s.out.isTTY, color: s.out.color });
  const result = await trackRollout(s.client.kc, targets.map(toRef), { timeoutMs: opts.timeoutMs, failFast: opts.failFast ?? true, reporter, waitFor: opts.waitFor });
  const objects: TrackOutcome['objects'] = new Map();
  for (const o of result.objects) objects.set(`${o.ref.kind}/${o.ref.namespace ?? ''}/${o.ref.name}`, { status: o.status, message: o.message, durationMs: o.durationMs, logs: o.logs });
  // The tracker's messages usually start with the pod already; name it only when they do not.
  const errors = result.failed.map((o) => `${o.id}: ${o.message}${o.pod && !o.message?.includes(o.pod) ? ` (pod ${o.pod})` : ''}`);
  return { ok: result.ok, errors, objects, result };
}

export async function statusOf(s: Session, targets: Target[]): Promise<ObjectState[]> {
  return currentStatus(s.client.kc, targets.map(toRef));
}

export { objectId };
