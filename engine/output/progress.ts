import type { ObjectState, TrackEvent, TrackReporter } from '../track/types';
import { NdjsonReporter } from './ndjson';
import { PlainReporter } from './plain';
import { COLORS, colorStatus, formatElapsed, formatReady, NO_COLORS, resultLines } from './plain-format';

/** What the renderers need from a stream (process.stdout fits). */
export interface TerminalStream {
  write(text: string): unknown;
  columns?: number;
  rows?: number;
  isTTY?: boolean;
}

export interface ProgressTableOptions {
  /** The terminal stream (default process.stdout); its `columns`/`rows` size the table. */
  stream?: TerminalStream;
  color?: boolean;
  /** Redraw period for the elapsed column; state changes redraw at once. */
  refreshMs?: number;
}

const HEADER = ['KIND/NAME', 'STATUS', 'READY', 'ELAPSED', 'MESSAGE'];

/**
 * The live table for a TTY: one row per object still being waited for or failed (finished ones
 * collapse into a count so a 1,000-object apply stays on screen), redrawn in place.
 */
export class ProgressTable implements TrackReporter {
  private readonly stream: NonNullable<ProgressTableOptions['stream']>;
  private readonly colors: typeof COLORS;
  private readonly states = new Map<string, ObjectState>();
  private readonly startedAt = new Map<string, number>();
  private drawnLines = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: ProgressTableOptions = {}) {
    this.stream = options.stream ?? process.stdout;
    this.colors = (options.color ?? true) ? COLORS : NO_COLORS;
  }

  onEvent(event: TrackEvent): void {
    if (event.type === 'start') {
      const now = Date.now();
      for (const o of event.objects) {
        this.states.set(o.id, o);
        this.startedAt.set(o.id, now - o.elapsedMs);
      }
      this.timer = setInterval(() => this.draw(), this.options.refreshMs ?? 250);
      this.timer.unref();
      this.draw();
    } else if (event.type === 'update') {
      this.states.set(event.object.id, event.object);
      this.draw();
    } else {
      if (this.timer) clearInterval(this.timer);
      for (const o of event.result.objects) {
        const s = this.states.get(o.id);
        if (s) this.states.set(o.id, { ...s, status: o.status, message: o.message, done: true, elapsedMs: o.durationMs });
      }
      this.draw();
      this.drawnLines = 0;
      this.stream.write(resultLines(event.result, this.colors).join('\n') + '\n');
    }
  }

  /** The rows to show now (exported for tests through `render`). */
  render(now = Date.now()): string[] {
    const c = this.colors;
    const width = this.stream.columns || 120;
    const maxRows = Math.max((this.stream.rows || 40) - 4, 5);
    const all = [...this.states.values()];
    const visible = all.filter((s) => !(s.done && s.status === 'Current'));
    const shown = visible.slice(0, maxRows);
    const rows = shown.map((s) => [
      s.id,
      s.status,
      formatReady(s),
      formatElapsed(s.done ? s.elapsedMs : now - (this.startedAt.get(s.id) ?? now)),
      s.message,
    ]);
    const widths = HEADER.slice(0, 4).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[], statusCell?: string) => {
      const fixed = cells.slice(0, 4).map((cell, i) => (i === 1 && statusCell ? statusCell + ' '.repeat(widths[i] - cell.length) : cell.padEnd(widths[i])));
      const used = widths.reduce((a, b) => a + b + 2, 0);
      return `${fixed.join('  ')}  ${truncate(cells[4], width - used - 1)}`;
    };
    const out = [c.bold(line(HEADER))];
    rows.forEach((r, i) => out.push(line(r, colorStatus(shown[i].status, c))));
    const current = all.filter((s) => s.status === 'Current').length;
    const failed = all.filter((s) => s.status === 'Failed').length;
    const hidden = visible.length - shown.length;
    out.push(c.gray(`${current}/${all.length} current${failed ? `, ${failed} failed` : ''}${hidden > 0 ? `, ${hidden} more not shown` : ''}`));
    return out;
  }

  private draw(): void {
    const lines = this.render();
    // Move to the top of the previous drawing and clear it before writing the new one.
    const up = this.drawnLines ? `\x1b[${this.drawnLines}A\r\x1b[J` : '';
    this.stream.write(up + lines.join('\n') + '\n');
    this.drawnLines = lines.length;
  }
}

function truncate(text: string, max: number): string {
  if (max <= 1) return '';
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

export interface TrackReporterOptions {
  output?: 'text' | 'json';
  stream?: ProgressTableOptions['stream'];
  /** Force the live table (true) or plain lines (false); default: the stream's isTTY. */
  tty?: boolean;
  color?: boolean;
}

/**
 * The reporter for a command's output mode: NDJSON events for `--output json`, the live table in
 * a terminal, one plain line per change otherwise (CI).
 */
export function createTrackReporter(options: TrackReporterOptions = {}): ProgressTable | PlainReporter | NdjsonReporter {
  const stream = options.stream ?? process.stdout;
  if (options.output === 'json') return new NdjsonReporter({ emit: (e) => stream.write(`${JSON.stringify(e)}\n`) });
  const tty = options.tty ?? !!stream.isTTY;
  const color = options.color ?? (tty && !process.env.NO_COLOR);
  if (tty) return new ProgressTable({ stream, color });
  return new PlainReporter({ write: (t) => stream.write(t), color });
}
