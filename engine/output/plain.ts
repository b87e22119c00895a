import type { TrackEvent, TrackReporter } from '../track/types';
import { COLORS, colorStatus, formatElapsed, formatReady, NO_COLORS, resultLines } from './plain-format';

export interface PlainReporterOptions {
  /** Receives whole lines, newline included (the engine never picks a stream itself). */
  write: (text: string) => void;
  color?: boolean;
}

/**
 * One line per state change, for CI logs and other non-TTY output:
 *   [  4.2s] Deployment web/api  InProgress  1/3  1 of 3 replicas updated
 * Objects already Current when first seen (config maps, services…) are folded into one line per
 * burst, so a 1,000-object apply does not print 1,000 lines saying "exists".
 */
export class PlainReporter implements TrackReporter {
  private readonly write: (text: string) => void;
  private readonly colors: typeof COLORS;
  private readonly seen = new Set<string>();
  private readonly quiet = new Map<string, number>();
  private quietElapsed = 0;

  constructor(options: PlainReporterOptions) {
    this.write = options.write;
    this.colors = options.color ? COLORS : NO_COLORS;
  }

  onEvent(event: TrackEvent): void {
    const c = this.colors;
    if (event.type === 'start') {
      this.write(`tracking ${event.objects.length} object${event.objects.length === 1 ? '' : 's'}\n`);
    } else if (event.type === 'update') {
      const o = event.object;
      const first = !this.seen.has(o.id);
      this.seen.add(o.id);
      if (first && o.done && o.status === 'Current') {
        this.quiet.set(o.ref.kind, (this.quiet.get(o.ref.kind) ?? 0) + 1);
        this.quietElapsed = o.elapsedMs;
        return;
      }
      this.flushQuiet();
      const ready = formatReady(o);
      const time = `[${formatElapsed(o.elapsedMs).padStart(7)}]`;
      // A failure is explained once, in its block at the end; its line here only marks when.
      const message = o.done && o.status === 'Failed' ? `${o.reason ?? 'failed'} (see below)` : o.message.replace(/\s+/g, ' ');
      this.write(`${c.gray(time)} ${o.id}  ${colorStatus(o.status, c)}${ready ? `  ${ready}` : ''}  ${message}\n`);
    } else {
      this.flushQuiet();
      for (const line of resultLines(event.result, c)) this.write(`${line}\n`);
    }
  }

  private flushQuiet(): void {
    if (this.quiet.size === 0) return;
    const c = this.colors;
    const total = [...this.quiet.values()].reduce((a, b) => a + b, 0);
    const kinds = [...this.quiet].map(([kind, n]) => (n > 1 ? `${kind} ×${n}` : kind)).join(', ');
    const time = `[${formatElapsed(this.quietElapsed).padStart(7)}]`;
    this.write(`${c.gray(time)} ${total} object${total === 1 ? '' : 's'} ${colorStatus('Current', c)} at once: ${kinds}\n`);
    this.quiet.clear();
  }
}
