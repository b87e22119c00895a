// The Output a member's engine run writes to: the same mode and redactor as the federation's,
// but its lines go to the FederationView tagged with the cluster. Never a TTY, so the tracker
// prints plain lines instead of its own live table (the view owns the terminal).
import { Output, type OutputMode } from '../printer';
import type { Redactor } from '../mask';
import type { FederationView } from './view';

/** A write()-only stream that hands complete lines to `onLine`. */
export class LineStream {
  private buf = '';
  constructor(private readonly onLine: (line: string) => void) {}

  write(chunk: string | Uint8Array): boolean {
    this.buf += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      this.onLine(this.buf.slice(0, nl));
      this.buf = this.buf.slice(nl + 1);
    }
    return true;
  }

  flush(): void {
    if (this.buf) this.onLine(this.buf);
    this.buf = '';
  }
}

const COUNTED = new Set(['apply', 'diff', 'destroy', 'status']);

export class MemberOutput extends Output {
  private readonly streams: LineStream[];

  constructor(readonly cluster: string, private readonly view: FederationView, mode: OutputMode, redactor: Redactor) {
    const stdout = new LineStream((l) => view.line(cluster, 'stdout', l));
    const stderr = new LineStream((l) => view.line(cluster, 'stderr', l));
    super({ mode, color: false, redactor, stdout: stdout as unknown as NodeJS.WritableStream, stderr: stderr as unknown as NodeJS.WritableStream });
    this.streams = [stdout, stderr];
  }

  override event(ev: Record<string, unknown>, text?: string): void {
    if (typeof ev.type === 'string' && COUNTED.has(ev.type)) this.view.counted(this.cluster);
    super.event(ev, text);
  }

  flush(): void {
    for (const s of this.streams) s.flush();
  }
}
