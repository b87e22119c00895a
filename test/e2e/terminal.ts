// Runs the real CLI under a pseudo-terminal, as a user at a shell would: util-linux `script`
// gives the child a TTY (stdin, stdout and stderr), and what we write to script's stdin is typed
// into it. No native dependency.
import { spawn, ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from './engine-fixtures';

export interface TerminalRun {
  /** The command's own exit code (`script -e`). */
  code: number;
  /** Everything the terminal showed (stdout and stderr interleaved), without escapes and \r. */
  screen: string;
  /** Whether the prompt appeared (and so the answer was typed). */
  prompted: boolean;
}

const running = new Set<ChildProcess>();

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

// Readline redraws the prompt with cursor escapes even without colour.
const plain = (s: string) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');

/**
 * `kapstan <args>` in a terminal. Once `prompt` shows, `answer` is typed followed by Enter (a raw
 * string such as "\u0003" is sent as is with `raw: true`); `env` overrides the environment (a
 * variable set to undefined is removed, e.g. NO_COLOR for colour). Resolves when the command exits.
 */
export function kapstanInTerminal(args: string[], opts: { prompt?: string; answer?: string; raw?: boolean; env?: Record<string, string | undefined> } = {}): Promise<TerminalRun> {
  const prompt = opts.prompt ?? '[y/N]';
  const cmd = [process.execPath, path.join(ROOT, 'bin/kapstan.js'), ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', cmd, '/dev/null'], {
      cwd: ROOT, env: { ...process.env, NO_COLOR: '1', TERM: 'xterm', ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    running.add(child);
    let raw = '';
    let prompted = false;
    const onData = (d: Buffer) => {
      raw += d.toString();
      if (!prompted && opts.answer !== undefined && plain(raw).includes(prompt)) {
        prompted = true;
        child.stdin!.write(opts.raw ? opts.answer : `${opts.answer}\r`);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      running.delete(child);
      resolve({ code: code ?? (signal ? 128 : 1), screen: plain(raw), prompted: prompted || plain(raw).includes(prompt) });
    });
  });
}

/** For afterEach: ends runs left waiting (e.g. a prompt that never came before the test timed out). */
export function killTerminals(): void {
  // Closing script's side of the terminal hangs up the command too.
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}
