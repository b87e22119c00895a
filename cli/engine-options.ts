// The engine commands' flags turned into the engine's options, in one place for the single-stack
// commands (cli/commands/engine.ts) and the multi-target runners (cli/federated-command.ts), so a
// flag reaches the engine the same way whichever path runs it. Types only: nothing is loaded here.
import type { ApplyOptions } from '../engine/apply';
import type { DestroyOptions } from '../engine/destroy';
import type { DiffOptions } from '../engine/diff';
import type { FederationFlags } from './federation';
import type { RunSettings } from './flags';

/** Any engine command's flags, as commander parsed them (one stack, a federation or --all). */
export type RunnerFlags = Omit<FederationFlags, 'federation'>;

/** apply's engine options from its flags. */
export function applyOptions(flags: RunnerFlags, settings: RunSettings, yes: boolean | undefined): ApplyOptions {
  const { timeoutMs, failFast, historyMax } = settings;
  return {
    dryRun: flags.dryRun, force: flags.forceConflicts, replace: flags.replace, prune: flags.prune, pruneProtected: flags.pruneProtected, adopt: flags.adopt, waitForLock: flags.waitForLock, cascadeForeign: flags.cascadeForeign,
    allowEmpty: flags.allowEmpty, yes, historyMax, track: flags.wait !== false, timeoutMs, failFast, atomic: flags.atomic,
    crashLoopRestarts: flags.crashLoopRestarts === undefined ? undefined : Number(flags.crashLoopRestarts),
  };
}

/** diff's engine options from its flags. */
export function diffOptions(flags: RunnerFlags): DiffOptions {
  return { prune: flags.prune, pruneProtected: flags.pruneProtected, force: flags.forceConflicts, adopt: flags.adopt };
}

/** destroy's engine options from its flags. */
export function destroyOptions(flags: RunnerFlags, settings: RunSettings, yes: boolean | undefined): DestroyOptions {
  return { yes, pruneProtected: flags.pruneProtected, timeoutMs: settings.timeoutMs, dryRun: flags.dryRun, waitForLock: flags.waitForLock, cascadeForeign: flags.cascadeForeign };
}
