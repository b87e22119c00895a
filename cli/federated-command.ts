// One engine command over several targets (a federation's member clusters, or the stacks of
// `--all`): the flags become the engine's options here once, so both runners pass the same ones.
import { federatedApply, federatedDestroy, federatedDiff, federatedStatus, type FederationContext } from '../engine/federation/commands';
import type { ClusterResult } from '../engine/federation/waves-run';
import type { FederatedCommand, FederationFlags } from './federation';
import type { RunSettings } from './flags';

export interface FederatedRun {
  results: ClusterResult<any>[];
  /** diff only: 0 no change, 1 changes, 2 a target could not be diffed. */
  diffExit?: number;
}

/** Runs `command` on every target of `fx` in `waves`; `yes` is the answer the caller already asked for. */
export async function runFederatedCommand(
  command: FederatedCommand, fx: FederationContext, waves: string[][],
  flags: Omit<FederationFlags, 'federation'>, settings: RunSettings, yes: boolean | undefined,
): Promise<FederatedRun> {
  const { timeoutMs, failFast, historyMax } = settings;
  if (command === 'apply') {
    return {
      results: await federatedApply(fx, waves, {
        dryRun: flags.dryRun, force: flags.forceConflicts, replace: flags.replace, prune: flags.prune, pruneProtected: flags.pruneProtected, adopt: flags.adopt, waitForLock: flags.waitForLock, cascadeForeign: flags.cascadeForeign,
        allowEmpty: flags.allowEmpty, yes, historyMax, track: flags.wait !== false, timeoutMs, failFast, atomic: flags.atomic,
        crashLoopRestarts: flags.crashLoopRestarts === undefined ? undefined : Number(flags.crashLoopRestarts),
      }),
    };
  }
  if (command === 'diff') {
    const results = await federatedDiff(fx, { prune: flags.prune, pruneProtected: flags.pruneProtected, force: flags.forceConflicts, adopt: flags.adopt });
    const { diffExitCode } = require('../engine/diff') as typeof import('../engine/diff');
    return { results, diffExit: Math.max(0, ...results.map((r) => (r.summary ? diffExitCode(r.summary) : 2))) };
  }
  if (command === 'status') return { results: await federatedStatus(fx) };
  return { results: await federatedDestroy(fx, waves, { yes, pruneProtected: flags.pruneProtected, timeoutMs, dryRun: flags.dryRun, waitForLock: flags.waitForLock, cascadeForeign: flags.cascadeForeign }) };
}
