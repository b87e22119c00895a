import pc from 'picocolors';
import type { Status } from '../status';
import type { ObjectState, TrackResult } from '../track/types';

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

/** "2/3", or "" when the kind has no counts. */
export function formatReady(s: Pick<ObjectState, 'ready' | 'desired'>): string {
  return s.desired === undefined ? '' : `${s.ready ?? 0}/${s.desired}`;
}

/** Lines explaining every object that did not succeed, then a one-line summary. */
export function resultLines(result: TrackResult, c: Colors): string[] {
  const lines: string[] = [];
  for (const o of result.failed) {
    lines.push(`${c.red('✗')} ${c.bold(o.id)}: ${o.message}`);
    for (const w of o.warnings.slice(0, 3)) lines.push(`    warning ${w.object} ${w.reason}: ${w.message}${w.count > 1 ? ` (x${w.count})` : ''}`);
    if (o.logs) {
      lines.push(`    last log lines of pod ${o.logs.pod}, container ${o.logs.container}:`);
      for (const l of o.logs.lines) lines.push(`      ${c.gray('|')} ${l}`);
    }
  }
  const current = result.objects.filter((o) => o.ok).length;
  const total = result.objects.length;
  const took = formatElapsed(result.durationMs);
  if (result.aborted) lines.push(c.yellow(`tracking aborted after ${took}: ${current}/${total} ready`));
  else if (result.ok) lines.push(c.green(`✓ all ${total} objects ready in ${took}`));
  else lines.push(c.red(`✗ ${result.failed.length} of ${total} objects failed (${current} ready) after ${took}`));
  return lines;
}
