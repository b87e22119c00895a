// Asking before deleting: a prompt in a terminal, `--yes` everywhere else. The engine asks
// through the Confirm its session was opened with (engine/confirm.ts).
import * as readline from 'node:readline';
import type { Confirm } from '../engine/confirm';
import { UsageError } from '../engine/errors';
import { exitInterrupted } from '../engine/interrupt';

export const confirm: Confirm = async (question, yes, what) => {
  if (yes) return true;
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw new UsageError(`${what}: not running in a terminal, so nothing was deleted; rerun with --yes to confirm`);
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  let interrupted = false;
  // Readline reads the terminal raw, so Ctrl-C and Ctrl-D arrive as events, not as a signal or EOF;
  // unhandled, the question never settles and the process ends with status 0, as if it succeeded.
  const answer = await new Promise<string | undefined>((resolve) => {
    rl.question(`${question} [y/N] `, resolve);
    rl.once('close', () => resolve(undefined)); // Ctrl-D: no answer, so the default (no)
    rl.once('SIGINT', () => { interrupted = true; resolve(undefined); });
  });
  rl.close();
  if (answer === undefined) process.stderr.write(interrupted ? '^C\n' : '\n');
  // Ctrl-C stops kapstan as it would anywhere else (128 + SIGINT), before anything is deleted.
  if (interrupted) await exitInterrupted(130);
  return /^y(es)?$/i.test((answer ?? '').trim());
};
