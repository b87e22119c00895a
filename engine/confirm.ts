// Asking before deleting: a prompt in a terminal, `--yes` everywhere else.
import * as readline from 'node:readline';
import { UsageError } from './errors';

export async function confirm(question: string, yes: boolean | undefined, what: string): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw new UsageError(`${what}: not running in a terminal, so nothing was deleted; rerun with --yes to confirm`);
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await new Promise<string>((r) => rl.question(`${question} [y/N] `, r));
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
