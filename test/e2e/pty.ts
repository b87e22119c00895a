// The real CLI in a pseudo-terminal of a given size, resized or interrupted mid-run as a user
// would, and the screen a terminal shows afterwards. util-linux `script` gives the pty (no native
// module); `stty` inside it sets the size, and changing it sends SIGWINCH, as resizing a window
// does. The output is replayed into a headless xterm, resized at the same point of the stream.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './engine-fixtures';
import { VirtualTerminal } from '../unit/engine/output/virtual-terminal';

export interface PtyRun {
  code: number;
  /** Everything written to the terminal, escapes included. */
  raw: string;
  /** The terminal after the run: the visible screen and everything (scrollback included). */
  screen: string[];
  everything: string[];
}

export interface PtyControl {
  /** Resizes the window (once per run), as dragging it would: SIGWINCH to the command. */
  resize(columns: number, rows: number): void;
  /** Types into the terminal (e.g. "\u0003", Ctrl-C). */
  type(text: string): void;
}

export interface PtyOptions {
  columns: number;
  rows: number;
  /** Called with everything printed so far, after each piece of output. */
  onOutput?: (raw: string, ctl: PtyControl) => void;
  env?: Record<string, string>;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

// Printed to the terminal right after the size changed (an OSC title: nothing shows), so the
// replay resizes at the point of the stream where the real terminal did.
const RESIZED = '\u001b]0;kapstan-resized\u0007';

export async function kapstanInPty(args: string[], opts: PtyOptions): Promise<PtyRun> {
  const trigger = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-pty-')), 'resize');
  const cmd = [process.execPath, path.join(ROOT, 'bin/kapstan.js'), ...args].map(quote).join(' ');
  // Waits for the test to ask, then sets the size the file names.
  const resizer = `(while [ ! -s ${quote(trigger)} ]; do sleep 0.05; done; stty -F /dev/tty $(cat ${quote(trigger)}); printf '\\033]0;kapstan-resized\\007' > /dev/tty) & `;
  const inner = `stty cols ${opts.columns} rows ${opts.rows}; ${resizer}exec ${cmd}`;
  let raw = '';
  let newSize: [number, number] | undefined;
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn('script', ['-qfec', inner, '/dev/null'], {
      cwd: ROOT, env: { ...process.env, TERM: 'xterm-256color', ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    const ctl: PtyControl = {
      resize: (columns, rows) => {
        if (newSize) return;
        newSize = [columns, rows];
        fs.writeFileSync(trigger, `cols ${columns} rows ${rows}`);
      },
      type: (text) => { child.stdin!.write(text); },
    };
    const onData = (d: Buffer) => {
      raw += d.toString();
      opts.onOutput?.(raw, ctl);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', reject);
    child.on('close', (c, signal) => resolve(c ?? (signal ? 128 : 1)));
  });
  const term = new VirtualTerminal(opts.columns, opts.rows);
  const at = raw.indexOf(RESIZED);
  if (at >= 0 && newSize) {
    term.write(raw.slice(0, at).replace(/\r\n/g, '\n'));
    await term.resize(newSize[0], newSize[1]);
    term.write(raw.slice(at + RESIZED.length).replace(/\r\n/g, '\n'));
  } else {
    term.write(raw.replace(/\r\n/g, '\n'));
  }
  return { code, raw, screen: await term.screen(), everything: await term.everything() };
}

/** A namespace of fixed length, so that column widths do not change from run to run. */
export function screenNamespace(): string {
  return `shop-${Date.now().toString(36).padStart(9, '0').slice(-9)}${Math.floor(Math.random() * 36 ** 3).toString(36).padStart(3, '0')}`;
}

/**
 * Durations, ports, namespaces (screenNamespace, even cut short), temp paths and pod suffixes
 * made stable for a snapshot, widths kept.
 */
export function normalizeScreen(lines: string[], replace: Record<string, string>): string {
  let text = lines.map((l) => l.trimEnd()).join('\n');
  for (const [from, to] of Object.entries(replace)) text = text.split(from).join(to);
  text = text.replace(/shop-([a-z0-9]{1,12})/g, (_m, r: string) => `shop-${'n'.repeat(r.length)}`);
  return `${text
    .replace(/\b\d+m\d\ds\b/g, '#m##s')
    .replace(/\b\d+\.\ds\b/g, '#.#s')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    .replace(/-[a-z0-9]{8,10}-[a-z0-9]{5}\b/g, '-HASH-XXXXX')}\n`;
}

/**
 * The reviewed screen in __screens__/<name>.txt. KAPSTAN_UPDATE_SCREENS=1 writes the new one
 * instead, to be reviewed (git diff) before it is committed; a missing one is an error.
 */
export function reviewedScreen(name: string, actual: string): string {
  const file = path.join(__dirname, '__screens__', `${name}.txt`);
  if (process.env.KAPSTAN_UPDATE_SCREENS === '1') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
  }
  if (!fs.existsSync(file)) throw new Error(`no reviewed screen ${file}: run with KAPSTAN_UPDATE_SCREENS=1, review it, commit it`);
  return fs.readFileSync(file, 'utf8');
}
