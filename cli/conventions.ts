// The conventions every command shares: usage errors exit 2 with the command's usage line (as
// the README promises and CI scripts rely on, so `kapstan diff --stak prod` is never read as
// "differences"), one error prefix, and stack traces only with --verbose.
import { Command, CommanderError } from 'commander';

/** The one prefix of every error line Kapstan prints (commander's own, and kubectl's). */
export const ERROR_PREFIX = 'error: ';

const ZERO_EXITS = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

/** Every command, depth first. */
function allCommands(cmd: Command): Command[] {
  return [cmd, ...cmd.commands.flatMap((c) => allCommands(c))];
}

function fullName(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * Throws instead of exiting on usage errors (so main decides the exit code) and prints the usage
 * line after the error. Applied once every command is registered, as settings set on the program
 * reach only subcommands created after them.
 */
export function applyConventions(program: Command): void {
  for (const cmd of allCommands(program)) {
    cmd.exitOverride();
    cmd.showHelpAfterError(`usage: ${fullName(cmd)} ${cmd.usage()}\n(see '${fullName(cmd)} --help' for the options)`);
  }
}

/** 0 for --help/--version, 2 for a usage error, else the exit code the command set (at least 2 for a crash). */
export function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    if (ZERO_EXITS.has(err.code)) return err.exitCode === 0 ? 0 : 2;
    return 2;
  }
  const own = (err as { exitCode?: unknown })?.exitCode;
  if (typeof own === 'number' && own >= 2) return own;
  return Number(process.exitCode) > 1 ? Number(process.exitCode) : 2;
}

/** --verbose anywhere on the command line (a program option, so before or after the command). */
export function isVerbose(argv = process.argv): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--verbose');
}

/** "error: <message>\n", with details (an app's stack trace) only when verbose. */
export function formatError(err: unknown, verbose: boolean): string {
  const message = err instanceof Error ? err.message : String(err);
  const details = (err as { details?: unknown })?.details;
  let text = `${ERROR_PREFIX}${message}\n`;
  if (verbose && typeof details === 'string' && details) text += `${details.trimEnd()}\n`;
  else if (verbose && err instanceof Error && err.stack) text += `${err.stack}\n`;
  else if (typeof details === 'string' && details) text += '(run with --verbose for the full output)\n';
  return text;
}
