import type { TrackEvent, TrackReporter } from '../track/types';
import { COLORS, colorStatus, formatElapsed, formatReady, NO_COLORS, resultLines } from './plain-format';

export interface PlainReporterOptions {
  /** Receives whole lines, newline included (default: process.stdout). */
  write?: (text: string) => void;
  color?: boolean;
}

/**
 * One line per state change, for CI logs and other non-TTY output:
 *   [  4.2s] Deployment web/api  InProgress  1/3  1 of 3 replicas updated
 */
export class PlainReporter implements TrackReporter {
  private readonly write: (text: string) => void;
  private readonly colors: typeof COLORS;

  constructor(options: PlainReporterOptions = {}) {
    this.write = options.write ?? ((t) => process.stdout.write(t));
    this.colors = options.color ? COLORS : NO_COLORS;
  }

  onEvent(event: TrackEvent): void {
    const c = this.colors;
    if (event.type === 'start') {
      this.write(`tracking ${event.objects.length} object${event.objects.length === 1 ? '' : 's'}\n`);
    } else if (event.type === 'update') {
      const o = event.object;
      const ready = formatReady(o);
      const time = `[${formatElapsed(o.elapsedMs).padStart(7)}]`;
      this.write(`${c.gray(time)} ${o.id}  ${colorStatus(o.status, c)}${ready ? `  ${ready}` : ''}  ${o.message}\n`);
    } else {
      for (const line of resultLines(event.result, c)) this.write(`${line}\n`);
    }
  }
}
