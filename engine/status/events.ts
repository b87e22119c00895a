import type { KObject } from './types';
import { warningsOf } from './lookup';

export interface WarningEvent {
  /** "Pod/web-7d9c-abcde" — the object the event is about. */
  object: string;
  reason: string;
  message: string;
  count: number;
  lastSeen?: string;
}

export interface EventTarget {
  kind: string;
  name: string;
  uid?: string;
}

function lastSeen(e: KObject): string | undefined {
  return e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp;
}

function about(e: KObject, t: EventTarget): boolean {
  const io = e.involvedObject ?? e.regarding ?? {};
  if (t.uid && io.uid) return io.uid === t.uid;
  return io.kind === t.kind && io.name === t.name;
}

/**
 * Warning events (core/v1 or events.k8s.io/v1 JSON) about any of the targets, newest first, one
 * per object and reason.
 */
export function warningEvents(events: KObject[], targets: EventTarget[]): WarningEvent[] {
  const seen = new Map<string, WarningEvent>();
  const relevant = warningsOf(events)
    .filter((e) => targets.some((t) => about(e, t)))
    .sort((a, b) => (lastSeen(b) ?? '').localeCompare(lastSeen(a) ?? ''));
  for (const e of relevant) {
    const io = e.involvedObject ?? e.regarding ?? {};
    const object = `${io.kind}/${io.name}`;
    const key = `${object}|${e.reason}`;
    if (seen.has(key)) continue;
    seen.set(key, {
      object,
      reason: e.reason ?? 'Warning',
      message: (e.message ?? e.note ?? '').trim(),
      count: e.count ?? e.series?.count ?? 1,
      lastSeen: lastSeen(e),
    });
  }
  return [...seen.values()];
}
