// One progress view for a federated run. Each member's engine output arrives through its own
// streams (see member-output.ts) and is shown with the cluster's name: `[eu-1] ...` lines (with
// a live per-cluster footer in a terminal), or NDJSON events carrying a `cluster` field.
import type { TerminalStream } from '../output/progress';

export type Phase = 'waiting' | 'running' | 'succeeded' | 'failed' | 'skipped';

interface Row {
  cluster: string;
  wave: number;
  total: number;
  phase: Phase;
  done: number;
  startedAt?: number;
  endedAt?: number;
  last: string;
}

export interface ViewOptions {
  mode: 'text' | 'json';
  stdout: TerminalStream;
  stderr: TerminalStream;
  /** Live footer (a terminal); plain prefixed lines otherwise. */
  tty?: boolean;
  members: { cluster: string; wave: number; total: number }[];
  refreshMs?: number;
  /** What a member is: a cluster of a federation (default), or a stack of `--all`. */
  unit?: 'cluster' | 'stack';
}

const strip = (t: string) => t.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

export class FederationView {
  private readonly rows = new Map<string, Row>();
  private readonly width: number;
  private footerLines = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly opts: ViewOptions) {
    for (const m of opts.members) this.rows.set(m.cluster, { ...m, phase: 'waiting', done: 0, last: '' });
    this.width = Math.max(...opts.members.map((m) => m.cluster.length));
    if (this.live) {
      this.timer = setInterval(() => this.redraw(), opts.refreshMs ?? 500);
      this.timer.unref();
    }
  }

  private get unit(): 'cluster' | 'stack' {
    return this.opts.unit ?? 'cluster';
  }

  private get live(): boolean {
    return this.opts.mode === 'text' && !!this.opts.tty;
  }

  /** A whole line of member output (already redacted by the member's Output). */
  line(cluster: string, stream: 'stdout' | 'stderr', text: string): void {
    if (this.opts.mode === 'json' && stream === 'stdout') {
      let ev: Record<string, unknown>;
      try {
        ev = JSON.parse(text);
      } catch {
        ev = { type: 'text', message: text };
      }
      // The run ends with one federation summary; a member's own summary is a cluster-summary.
      if (ev.type === 'summary') ev = { ...ev, type: `${this.unit}-summary` };
      this.opts.stdout.write(JSON.stringify({ [this.unit]: cluster, ...ev }) + '\n');
      return;
    }
    const row = this.rows.get(cluster);
    if (row && text.trim()) row.last = strip(text).trim();
    this.print(stream, `[${cluster.padEnd(this.width)}] ${text}`);
  }

  /** Counts a finished object (apply/diff/destroy/status event) for the footer. */
  counted(cluster: string): void {
    const row = this.rows.get(cluster);
    if (row) row.done++;
  }

  phase(cluster: string, phase: Phase, message?: string): void {
    const row = this.rows.get(cluster);
    if (!row) return;
    row.phase = phase;
    if (phase === 'running') row.startedAt = Date.now();
    if (phase === 'succeeded' || phase === 'failed') row.endedAt = Date.now();
    if (this.opts.mode === 'json') {
      const type = this.unit === 'stack' ? 'stack-phase' : 'federation';
      this.opts.stdout.write(JSON.stringify({ type, [this.unit]: cluster, wave: row.wave, phase, ...(message ? { message } : {}) }) + '\n');
      return;
    }
    this.print('stdout', `[${cluster.padEnd(this.width)}] wave ${row.wave}: ${phase}${message ? ` (${message})` : ''}`);
  }

  /** Text from the federation run itself (not a member). */
  note(text: string): void {
    if (this.opts.mode === 'text') this.print('stdout', text);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    // The per-cluster summary table follows, so the live footer just goes.
    if (this.live) this.clearFooter();
  }

  /** The live footer: one row per cluster. */
  footer(now = Date.now()): string[] {
    const head = `${this.unit.toUpperCase().padEnd(this.width)}  WAVE  ${'PHASE'.padEnd(9)}  ${'OBJECTS'.padEnd(9)}  ${'TIME'.padStart(6)}  LAST`;
    const cols = this.opts.stdout.columns || 120;
    const lines = [head];
    for (const r of this.rows.values()) {
      const t = r.startedAt ? `${(((r.endedAt ?? now) - r.startedAt) / 1000).toFixed(1)}s` : '-';
      const row = `${r.cluster.padEnd(this.width)}  ${String(r.wave).padEnd(4)}  ${r.phase.padEnd(9)}  ${`${r.done}/${r.total}`.padEnd(9)}  ${t.padStart(6)}  `;
      const room = Math.max(cols - row.length - 1, 0);
      lines.push((row + (r.last.length <= room ? r.last : room > 10 ? `${r.last.slice(0, room - 1)}…` : '')).trimEnd());
    }
    return lines;
  }

  private print(stream: 'stdout' | 'stderr', text: string): void {
    if (!this.live) {
      this.opts[stream].write(text + '\n');
      return;
    }
    this.clearFooter();
    this.opts[stream].write(text + '\n');
    this.drawFooter();
  }

  private redraw(): void {
    this.clearFooter();
    this.drawFooter();
  }

  private clearFooter(): void {
    if (this.footerLines) this.opts.stdout.write(`\x1b[${this.footerLines}A\r\x1b[J`);
    this.footerLines = 0;
  }

  private drawFooter(): void {
    const lines = this.footer();
    this.opts.stdout.write(lines.join('\n') + '\n');
    this.footerLines = lines.length;
  }
}
