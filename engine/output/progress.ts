import type { ObjectState, TrackEvent, TrackReporter } from '../track/types';
import { NdjsonReporter } from './ndjson';
import { PlainReporter } from './plain';
import type { Status } from '../status';
import { displayWidth, padTo, screenRows, truncate } from './fit';
import { COLORS, colorStatus, formatElapsed, formatReady, NO_COLORS, resultLines } from './plain-format';

/** What the renderers need from a stream (process.stdout fits). */
export interface TerminalStream {
  write(text: string): unknown;
  columns?: number;
  rows?: number;
  isTTY?: boolean;
}

export interface ProgressTableOptions {
  /** The terminal stream (the CLI passes stdout); its `columns`/`rows` size the table. */
  stream: TerminalStream;
  color?: boolean;
  /** Redraw period for the elapsed column; state changes redraw at once. */
  refreshMs?: number;
}

const HEADER = ['KIND/NAME', 'STATUS', 'READY', 'ELAPSED', 'MESSAGE'];
const GAP = 2;
/** Below this the table cannot show a useful row: plain lines instead. */
export const MIN_COLUMNS = 40;
export const MIN_ROWS = 6;

/**
 * Column widths for the cells at `width` columns. A column that does not fit gets 0 and is left
 * out: first ELAPSED (the least telling), then MESSAGE; KIND/NAME shrinks but stays.
 */
export function layoutColumns(rows: string[][], width: number): number[] {
  const natural = HEADER.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]))));
  const [name, status, ready, elapsed] = natural;
  // ELAPSED stays only while the message keeps a useful width; without it the message may shrink further.
  for (const [withElapsed, messageMin] of [[true, 2 * MESSAGE_MIN], [false, MESSAGE_MIN]] as const) {
    const fixed = status + ready + (withElapsed ? elapsed + GAP : 0) + 2 * GAP;
    const room = width - fixed - GAP; // for name + message
    const e = withElapsed ? elapsed : 0;
    if (room >= name + GAP + messageMin) return [name, status, ready, e, room - name - GAP];
    // Share: the name keeps at least NAME_MIN (it says which object), the message the rest.
    const nameWidth = Math.max(Math.min(name, NAME_MIN), Math.floor(room / 2));
    const rest = room - nameWidth - GAP;
    if (rest >= messageMin) return [nameWidth, status, ready, e, rest];
  }
  const room = width - status - ready - 2 * GAP;
  return [Math.max(1, Math.min(name, room)), status, ready, 0, 0];
}

// kubectl's short names, for narrow terminals.
const SHORT_KINDS: Record<string, string> = {
  Deployment: 'deploy', StatefulSet: 'sts', DaemonSet: 'ds', ReplicaSet: 'rs', Service: 'svc', ConfigMap: 'cm',
  PersistentVolumeClaim: 'pvc', PersistentVolume: 'pv', HorizontalPodAutoscaler: 'hpa', PodDisruptionBudget: 'pdb',
  Ingress: 'ing', Namespace: 'ns', ServiceAccount: 'sa', CustomResourceDefinition: 'crd', NetworkPolicy: 'netpol',
  CronJob: 'cj', StorageClass: 'sc', PriorityClass: 'pc', ResourceQuota: 'quota', LimitRange: 'limits',
};

/**
 * "Kind ns/name" ids cut to `width`, all in one style: first the namespace goes (the name tells
 * the objects apart), then the kind shortens as kubectl's (deploy/web), then names are cut.
 */
export function fitIds(ids: string[], width: number): string[] {
  const styles = [
    (id: string) => id,
    (id: string) => id.replace(/^(\S+) .+\/(.+)$/, '$1 $2'),
    (id: string) => id.replace(/^(\S+) (?:.+\/)?(.+)$/, (_m, kind: string, name: string) => `${SHORT_KINDS[kind] ?? kind.toLowerCase()}/${name}`),
  ];
  for (const style of styles) {
    const fitted = ids.map(style);
    if (fitted.every((f) => displayWidth(f) <= width)) return fitted;
  }
  return ids.map((id) => truncate(styles[2](id), width));
}

const NAME_MIN = 20;
const MESSAGE_MIN = 10;

/**
 * The live table for a TTY, redrawn in place. Every row is cut to the terminal's width so it
 * takes exactly one screen row, and a redraw erases the screen rows the last drawing took (a
 * terminal that shrank has re-wrapped them). While the objects fit, all are shown; otherwise
 * finished ones collapse into a count. The final drawing keeps every object's row, then the
 * failure blocks. A terminal too small for a table gets plain lines instead.
 */
export class ProgressTable implements TrackReporter {
  private readonly stream: TerminalStream;
  private readonly colors: typeof COLORS;
  private readonly states = new Map<string, ObjectState>();
  private readonly startedAt = new Map<string, number>();
  private drawn: string[] = [];
  private timer?: NodeJS.Timeout;
  /** Set once the terminal is too small: plain lines from then on. */
  private plain?: PlainReporter;

  constructor(private readonly options: ProgressTableOptions) {
    this.stream = options.stream;
    this.colors = (options.color ?? true) ? COLORS : NO_COLORS;
  }

  private get columns(): number {
    return this.stream.columns || 120;
  }

  private get rows(): number {
    return this.stream.rows || 40;
  }

  private tooSmall(): boolean {
    return this.columns < MIN_COLUMNS || this.rows < MIN_ROWS;
  }

  onEvent(event: TrackEvent): void {
    if (event.type === 'start') {
      const now = Date.now();
      for (const o of event.objects) {
        this.states.set(o.id, o);
        this.startedAt.set(o.id, now - o.elapsedMs);
      }
      if (this.tooSmall()) return this.toPlain(event);
      this.timer = setInterval(() => this.draw(), this.options.refreshMs ?? 250);
      this.timer.unref();
      this.draw();
      return;
    }
    if (this.plain) return this.plain.onEvent(event);
    if (event.type === 'update') {
      this.states.set(event.object.id, event.object);
      this.draw();
      return;
    }
    if (this.timer) clearInterval(this.timer);
    for (const o of event.result.objects) {
      const s = this.states.get(o.id);
      if (s) this.states.set(o.id, { ...s, status: o.status, message: o.message, ready: o.ready, desired: o.desired, old: o.old, done: true, elapsedMs: o.durationMs });
    }
    if (this.tooSmall()) {
      this.erase();
      this.toPlain({ type: 'start', at: event.at, objects: [...this.states.values()] });
      return this.plain!.onEvent(event);
    }
    // The final drawing: every object, not redrawn again, so it may be taller than the screen;
    // the failure blocks below it are never erased, so they wrap rather than lose words.
    this.stream.write(this.eraseSequence() + [...this.render(Date.now(), true), ...resultLines(event.result, this.colors)].join('\n') + '\n');
    this.drawn = [];
  }

  /** The lines to show now; `final` shows every object. */
  render(now = Date.now(), final = false): string[] {
    const c = this.colors;
    const width = this.columns - 1; // never the last column: some terminals wrap there
    const all = [...this.states.values()];
    // Room for the rows: the screen less the header, the footer and the cursor's line.
    const room = final ? Infinity : Math.max(this.rows - 3, 1);
    const unfinished = all.filter((s) => !(s.done && s.status === 'Current'));
    const candidates = all.length <= room ? all : unfinished;
    const shown = candidates.slice(0, room);
    const cells = shown.map((s) => [
      s.id,
      s.status,
      formatReady(s),
      formatElapsed(s.done ? s.elapsedMs : now - (this.startedAt.get(s.id) ?? now)),
      s.message,
    ]);
    const widths = layoutColumns(cells, width);
    const ids = fitIds(cells.map((r) => r[0]), widths[0]);
    cells.forEach((r, i) => (r[0] = ids[i]));
    const line = (row: string[], status?: Status) => {
      const parts: string[] = [];
      row.slice(0, 4).forEach((cell, i) => {
        if (widths[i] === 0) return;
        const text = truncate(cell, widths[i]);
        parts.push(padTo(i === 1 && status ? colorStatus(status, c) : text, widths[i]));
      });
      if (widths[4] > 0) parts.push(truncate(row[4], widths[4]));
      return parts.join(' '.repeat(GAP)).trimEnd();
    };
    const out = [c.bold(line(HEADER))];
    cells.forEach((r, i) => out.push(line(r, shown[i].status)));
    const current = all.filter((s) => s.status === 'Current').length;
    const failed = all.filter((s) => s.status === 'Failed').length;
    const hidden = all.length - shown.length;
    if (final) return out; // the result lines that follow say how it ended
    const hiddenText = hidden > 0 ? `, ${hidden} ${candidates === all ? 'more' : 'more (finished)'} not shown` : '';
    out.push(c.gray(truncate(`${current}/${all.length} current${failed ? `, ${failed} failed` : ''}${hiddenText}`, width)));
    return out;
  }

  private draw(): void {
    if (this.plain) return;
    if (this.tooSmall()) {
      // Shrunk mid-run: take the table away and go on with plain lines.
      this.erase();
      if (this.timer) clearInterval(this.timer);
      this.toPlain({ type: 'start', at: new Date().toISOString(), objects: [...this.states.values()] });
      return;
    }
    const lines = this.render();
    this.stream.write(this.eraseSequence() + lines.join('\n') + '\n');
    this.drawn = lines;
  }

  /** Cursor up over the screen rows the last drawing takes now (re-wrapped if the terminal shrank), and clear below. */
  private eraseSequence(): string {
    const rows = this.drawn.reduce((n, l) => n + screenRows(l, this.columns), 0);
    return rows ? `\x1b[${rows}A\r\x1b[J` : '';
  }

  private erase(): void {
    const seq = this.eraseSequence();
    if (seq) this.stream.write(seq);
    this.drawn = [];
  }

  private toPlain(start: TrackEvent & { type: 'start' }): void {
    this.plain = new PlainReporter({ write: (t) => this.stream.write(t), color: this.colors === COLORS });
    this.plain.onEvent(start);
    for (const s of this.states.values()) if (s.status !== 'InProgress' || s.elapsedMs > 0) this.plain.onEvent({ type: 'update', at: start.at, object: s });
  }
}

export interface TrackReporterOptions {
  output?: 'text' | 'json';
  /** Where the reporter writes (the CLI passes stdout): required, the engine never prints on its own. */
  stream: TerminalStream;
  /** Force the live table (true) or plain lines (false); default: the stream's isTTY. */
  tty?: boolean;
  color?: boolean;
}

/**
 * The reporter for a command's output mode: NDJSON events for `--output json`, the live table in
 * a terminal, one plain line per change otherwise (CI).
 */
export function createTrackReporter(options: TrackReporterOptions): ProgressTable | PlainReporter | NdjsonReporter {
  const stream = options.stream;
  if (options.output === 'json') return new NdjsonReporter({ emit: (e) => stream.write(`${JSON.stringify(e)}\n`) });
  const tty = options.tty ?? !!stream.isTTY;
  const color = options.color ?? (tty && !process.env.NO_COLOR);
  if (tty) return new ProgressTable({ stream, color });
  return new PlainReporter({ write: (t) => stream.write(t), color });
}
