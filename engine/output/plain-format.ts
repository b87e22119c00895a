import pc from 'picocolors';
import type { Status } from '../status';
import type { ObjectOutcome, ObjectState, TrackResult } from '../track/types';

type Colors = Pick<typeof pc, 'green' | 'red' | 'yellow' | 'magenta' | 'gray' | 'bold'>;

const identity = (s: string) => s;
export const NO_COLORS: Colors = { green: identity, red: identity, yellow: identity, magenta: identity, gray: identity, bold: identity } as unknown as Colors;
export const COLORS: Colors = pc.createColors(true);

export function colorStatus(status: Status, c: Colors): string {
  switch (status) {
    case 'Current':
      return c.green(status);
    case 'Failed':
      return c.red(status);
    case 'InProgress':
      return c.yellow(status);
    case 'Terminating':
      return c.magenta(status);
    default:
      return c.gray(status);
  }
}

/** "12.3s", "2m05s" */
export function formatElapsed(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${m}m${String(s).padStart(2, '0')}s`;
}

/**
 * "2/3" (available of desired), "1/3 +2 old" while old pods of a rollout still run, "" when the
 * kind has no counts.
 */
export function formatReady(s: Pick<ObjectState, 'ready' | 'desired' | 'old'>): string {
  if (s.desired === undefined) return '';
  return `${s.ready ?? 0}/${s.desired}${s.old ? ` +${s.old} old` : ''}`;
}

/** Warning events worth showing: newest first, one per distinct message (pods of one ReplicaSet say the same). */
export function distinctEvents(o: Pick<ObjectOutcome, 'warnings' | 'message'>, max = 3): Array<{ text: string; pods: number }> {
  const byText = new Map<string, { text: string; pods: number }>();
  for (const w of o.warnings) {
    const name = w.object.split('/').pop() ?? '';
    // The same failure on another pod differs only by the pod's name.
    const key = `${w.reason}|${name ? w.message.split(name).join('*') : w.message}`;
    const seen = byText.get(key);
    if (seen) seen.pods++;
    else byText.set(key, { text: `${w.object} ${w.reason}: ${w.message}${w.count > 1 ? ` (x${w.count})` : ''}`, pods: 1 });
  }
  return [...byText.values()].slice(0, max);
}

/**
 * One block per object that did not succeed: what failed and why, on which pod, the newest
 * distinct events and the container's last log lines when known.
 */
export function failureBlock(o: ObjectOutcome, c: Colors): string[] {
  const lines = [`${c.red('✗')} ${c.bold(o.id)}  ${colorStatus(o.status, c)}${o.reason ? `  ${o.reason}` : ''}${o.timedOut ? '  (timed out)' : ''}`];
  const label = (l: string) => `    ${l.padEnd(7)} `;
  // The tracker's message starts with "pod <name>: <reason>: " when a pod explains it.
  let why = o.message.replace(/\s+/g, ' ');
  if (o.pod && why.startsWith(`pod ${o.pod}: `)) why = why.slice(`pod ${o.pod}: `.length);
  if (o.reason && why.startsWith(`${o.reason}: `)) why = why.slice(o.reason.length + 2);
  lines.push(label('why') + why);
  if (o.pod) lines.push(label('pod') + o.pod);
  distinctEvents(o).forEach((e, i) => lines.push(label(i === 0 ? 'events' : '') + e.text + (e.pods > 1 ? ` (and ${e.pods - 1} more pod${e.pods > 2 ? 's' : ''})` : '')));
  if (o.logs) {
    lines.push(label('logs') + `last log lines of pod ${o.logs.pod}, container ${o.logs.container}:`);
    for (const l of o.logs.lines) lines.push(`${label('')}${c.gray('|')} ${l}`);
  }
  return lines;
}

/** A block per object that did not succeed, then a one-line summary. */
export function resultLines(result: TrackResult, c: Colors): string[] {
  const lines: string[] = [];
  for (const o of result.failed) {
    // Objects merely stopped by an interruption have nothing to explain.
    if (result.aborted && o.reason === 'Aborted') continue;
    lines.push(...failureBlock(o, c));
  }
  const current = result.objects.filter((o) => o.ok).length;
  const total = result.objects.length;
  const took = formatElapsed(result.durationMs);
  if (result.aborted) lines.push(c.yellow(`tracking stopped after ${took}: ${current}/${total} ready`));
  else if (result.ok) lines.push(c.green(`✓ all ${total} objects ready in ${took}`));
  else lines.push(c.red(`✗ ${result.failed.length} of ${total} objects failed (${current} ready) after ${took}`));
  return lines;
}
