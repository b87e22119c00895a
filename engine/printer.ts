// Where the engine's messages go: plain/coloured lines, or NDJSON events with `--output json`.
// Everything written passes through the Redactor, so a Secret value cannot slip out.
import { Redactor } from './mask';

export type OutputMode = 'text' | 'json';

export interface OutputOptions {
  mode?: OutputMode;
  color?: boolean;
  /** Results and reporter output (the CLI passes process.stdout): the engine picks no stream itself. */
  stdout: NodeJS.WritableStream;
  /** Warnings, notes and errors (the CLI passes process.stderr). */
  stderr: NodeJS.WritableStream;
  redactor?: Redactor;
}

export class Output {
  readonly mode: OutputMode;
  readonly color: boolean;
  readonly redactor: Redactor;
  readonly isTTY: boolean;
  private readonly stdout: NodeJS.WritableStream;
  private readonly stderr: NodeJS.WritableStream;

  constructor(opts: OutputOptions) {
    this.mode = opts.mode ?? 'text';
    this.stdout = opts.stdout;
    this.stderr = opts.stderr;
    this.isTTY = !!(this.stdout as any).isTTY;
    this.color = opts.color ?? (this.isTTY && this.mode === 'text' && !process.env.NO_COLOR);
    this.redactor = opts.redactor ?? new Redactor();
  }

  /** The terminal size of stdout, read on every call (the terminal may be resized mid-run). */
  get columns(): number | undefined {
    return (this.stdout as Partial<NodeJS.WriteStream>).columns;
  }

  get rows(): number | undefined {
    return (this.stdout as Partial<NodeJS.WriteStream>).rows;
  }

  /** A human line (text mode only). */
  line(text: string): void {
    if (this.mode === 'text') this.stdout.write(this.redactor.redact(text) + '\n');
  }

  /** A structured event: one NDJSON line in json mode, `text` (if given) in text mode. */
  event(ev: Record<string, unknown>, text?: string): void {
    if (this.mode === 'json') this.stdout.write(JSON.stringify(this.redactor.redactDeep(ev)) + '\n');
    else if (text !== undefined) this.line(text);
  }

  /** Warnings and diagnostics: stderr in text mode, a `warning` event in json mode. */
  warn(text: string): void {
    if (this.mode === 'json') this.event({ type: 'warning', message: text });
    else this.stderr.write(this.redactor.redact(`warning: ${text}`) + '\n');
  }

  /** A human note for the person at the terminal (stderr, no prefix); nothing in json mode. */
  note(text: string): void {
    if (this.mode === 'text') this.stderr.write(this.redactor.redact(text) + '\n');
  }

  error(text: string): void {
    if (this.mode === 'json') this.event({ type: 'error', message: text });
    else this.stderr.write(this.redactor.redact(`error: ${text}`) + '\n');
  }

  /** Raw text to stdout (diffs, reporter output), redacted; NDJSON lines are redacted value by value. */
  write(text: string): void {
    if (this.mode !== 'json') {
      this.stdout.write(this.redactor.redact(text));
      return;
    }
    this.stdout.write(text.split('\n').map((line) => {
      if (!line.trim()) return line;
      try {
        return JSON.stringify(this.redactor.redactDeep(JSON.parse(line)));
      } catch {
        return this.redactor.redact(line);
      }
    }).join('\n'));
  }
}
