import type { ObjectOutcome, ObjectState, TrackEvent, TrackReporter, TrackResult } from '../track/types';

export interface NdjsonReporterOptions {
  /** Receives one JSON object per call (the CLI writes it as a line on stdout). */
  emit: (event: Record<string, unknown>) => void;
}

/** Counts the engine fills in for the final summary. */
export interface ApplyCounts {
  created?: number;
  updated?: number;
  unchanged?: number;
  pruned?: number;
  [more: string]: number | undefined;
}

function refFields(s: Pick<ObjectState, 'id' | 'ref'>) {
  return { id: s.id, apiVersion: s.ref.apiVersion, kind: s.ref.kind, namespace: s.ref.namespace ?? null, name: s.ref.name };
}

function outcomeFields(o: ObjectOutcome) {
  return {
    ...refFields(o),
    status: o.status,
    ok: o.ok,
    message: o.message,
    reason: o.reason ?? null,
    pod: o.pod ?? null,
    ready: o.ready ?? null,
    desired: o.desired ?? null,
    timedOut: o.timedOut,
    durationMs: o.durationMs,
    warnings: o.warnings,
    logs: o.logs ?? null,
  };
}

/**
 * The final summary object of `--output json`: the engine's counts, the tracking outcome and every
 * object's final status and duration.
 */
export function summaryEvent(counts: ApplyCounts, result: TrackResult | undefined): Record<string, unknown> {
  return {
    type: 'summary',
    ok: result ? result.ok : true,
    ...counts,
    created: counts.created ?? 0,
    updated: counts.updated ?? 0,
    unchanged: counts.unchanged ?? 0,
    pruned: counts.pruned ?? 0,
    durationMs: result?.durationMs ?? 0,
    aborted: result?.aborted ?? false,
    objects: (result?.objects ?? []).map(outcomeFields),
  };
}

/**
 * NDJSON events for `--output json`: `track-start`, one `status` per state change and
 * `track-done` with the per-object outcomes. Call `writeSummary(counts)` at the very end.
 */
export class NdjsonReporter implements TrackReporter {
  private readonly emit: (event: Record<string, unknown>) => void;
  /** The result of the last tracking run, for the summary. */
  result?: TrackResult;

  constructor(options: NdjsonReporterOptions) {
    this.emit = options.emit;
  }

  onEvent(event: TrackEvent): void {
    if (event.type === 'start') {
      this.emit({ type: 'track-start', at: event.at, objects: event.objects.map(refFields) });
    } else if (event.type === 'update') {
      const o = event.object;
      this.emit({
        type: 'status',
        at: event.at,
        ...refFields(o),
        status: o.status,
        message: o.message,
        ready: o.ready ?? null,
        desired: o.desired ?? null,
        reason: o.reason ?? null,
        pod: o.pod ?? null,
        done: o.done,
        elapsedMs: o.elapsedMs,
      });
    } else {
      this.result = event.result;
      const r = event.result;
      this.emit({ type: 'track-done', at: event.at, ok: r.ok, aborted: r.aborted, durationMs: r.durationMs, objects: r.objects.map(outcomeFields) });
    }
  }

  /** Writes the final summary object (created / updated / unchanged / pruned + per-object outcomes). */
  writeSummary(counts: ApplyCounts): void {
    this.emit(summaryEvent(counts, this.result));
  }
}
