// A terminal emulator (xterm.js, headless) standing in for a user's terminal: what a reporter
// writes is interpreted as a terminal would (cursor moves, erases, wrapping, re-wrapping on
// resize), so tests can look at the screen a user would see.
import { Terminal } from '@xterm/headless';

export class VirtualTerminal {
  readonly isTTY = true;
  private readonly term: Terminal;
  private pending = Promise.resolve();

  constructor(public columns: number, public rows: number) {
    this.term = new Terminal({ cols: columns, rows, scrollback: 10_000, allowProposedApi: true });
  }

  write(text: string): boolean {
    const t = text.replace(/\n/g, '\r\n'); // a tty's output processing (onlcr) does this
    this.pending = this.pending.then(() => new Promise<void>((resolve) => this.term.write(t, resolve)));
    return true;
  }

  /** Resizes the terminal (it re-wraps what it shows) and what the reporter reads as its size. */
  async resize(columns: number, rows: number): Promise<void> {
    await this.pending;
    this.columns = columns;
    this.rows = rows;
    this.term.resize(columns, rows);
  }

  /** The visible screen, trailing spaces and trailing empty rows removed. */
  async screen(): Promise<string[]> {
    await this.pending;
    const b = this.term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < this.term.rows; i++) lines.push(b.getLine(b.viewportY + i)?.translateToString(true) ?? '');
    while (lines.length && !lines.at(-1)) lines.pop();
    return lines;
  }

  /** Everything: the scrollback and the screen. */
  async everything(): Promise<string[]> {
    await this.pending;
    const b = this.term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < b.length; i++) lines.push(b.getLine(i)?.translateToString(true) ?? '');
    while (lines.length && !lines.at(-1)) lines.pop();
    return lines;
  }
}
