// One engine command over several targets (a federation's member clusters, or the stacks of
// `--all`), with the engine options cli/engine-options.ts makes of the flags, as for one stack.
import { federatedApply, federatedDestroy, federatedDiff, federatedStatus, type FederationContext } from '../engine/federation/commands';
import type { ClusterResult } from '../engine/federation/waves-run';
import { applyOptions, destroyOptions, diffOptions, type RunnerFlags } from './engine-options';
import type { FederatedCommand } from './federation';
import type { RunSettings } from './flags';

export interface FederatedRun {
  results: ClusterResult<any>[];
  /** diff only: 0 no change, 1 changes, 2 a target could not be diffed. */
  diffExit?: number;
}

/** Runs `command` on every target of `fx` in `waves`; `yes` is the answer the caller already asked for. */
export async function runFederatedCommand(
  command: FederatedCommand, fx: FederationContext, waves: string[][],
  flags: RunnerFlags, settings: RunSettings, yes: boolean | undefined,
): Promise<FederatedRun> {
  if (command === 'apply') return { results: await federatedApply(fx, waves, applyOptions(flags, settings, yes)) };
  if (command === 'diff') {
    const results = await federatedDiff(fx, diffOptions(flags));
    const { diffExitCode } = require('../engine/diff') as typeof import('../engine/diff');
    return { results, diffExit: Math.max(0, ...results.map((r) => (r.summary ? diffExitCode(r.summary) : 2))) };
  }
  if (command === 'status') return { results: await federatedStatus(fx) };
  return { results: await federatedDestroy(fx, waves, destroyOptions(flags, settings, yes)) };
}
