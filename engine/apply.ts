// `apply`: the stack namespace and its lock first, then named phases over one run state
// (engine/apply-phases/): plan, ownership check, Helm hooks planned, record kinds, apply groups in
// dependency order (pre-* hooks after namespaces and CRDs), prune, settle kinds, record revision,
// track, post-* hooks, record outcome, the records of an adopted Helm release named.
import type { RequestCounts } from './request-count';
import type { PodLog } from './track/types';
import { UsageError } from './errors';
import { createNamespace, namespaceExists } from './namespace';
import { findForeign, ForeignObject } from './ownership';
import { makePlan } from './plan';
import { acquireLock, Lock } from './lock';
import type { Session } from './session';
import type { DesiredObject } from './source';
import { applyGroups } from './apply-phases/groups';
import { checkOwnership, refuseForeign } from './apply-phases/ownership';
import { planChanges, recordKinds } from './apply-phases/plan';
import { pruneOrphans, settleKinds } from './apply-phases/prune';
import { recordOutcome, recordRevisionPhase } from './apply-phases/revision';
import { finish, type ApplyPhase, type ApplyRun } from './apply-phases/run';
import { trackRollout } from './apply-phases/track';
import { planHooks, postHooks } from './apply-phases/hooks';
import { helmReleaseNote } from './apply-phases/helm-releases';

export interface ApplyOptions {
  dryRun?: boolean;
  force?: boolean;
  replace?: boolean;
  prune?: boolean;
  pruneProtected?: boolean;
  allowEmpty?: boolean;
  yes?: boolean;
  historyMax?: number;
  atomic?: boolean;
  /** Wait for rollout (default true unless dry-run). */
  track?: boolean;
  timeoutMs?: number;
  failFast?: boolean;
  /** Restarts after which a crash loop fails the rollout (default 3). */
  crashLoopRestarts?: number;
  /** Recorded with the revision, e.g. "rollback to 3". */
  note?: string;
  /** Objects to apply instead of the session's source (rollback). */
  objects?: DesiredObject[];
  /** Take over declared objects that belong to another ApplySet, Helm or another tool. */
  adopt?: boolean;
  /** Keys of members never pruned by this run (objects a failed apply adopted, when --atomic rolls back). */
  spare?: Set<string>;
  /** The caller already holds the stack's lock (rollback, --atomic). */
  lockHeld?: boolean;
  /** Wait for another run's lock instead of failing. */
  waitForLock?: boolean;
  /** Delete a Namespace or CRD even when objects that are not members would go with it. */
  cascadeForeign?: boolean;
  /** Told the key of each object this run adopted. */
  onAdopted?: (adopted: ForeignObject) => void;
}

export interface ApplySummary {
  type: 'summary';
  command: string;
  stack: string;
  namespace: string;
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  pruned: number;
  kept: number;
  failed: number;
  /** Objects taken over from another owner (--adopt). */
  adopted: number;
  revision?: number;
  /**
   * `interrupted`: Ctrl-C or a closed output stopped the run (`interruptedIn` says where); the
   * revision, when one was recorded, is `applied` (written, not verified).
   */
  outcome: 'succeeded' | 'failed' | 'rolled-back' | 'interrupted';
  interruptedIn?: 'apply' | 'track';
  /** The rollout was waited for and every object became Current (false with --no-wait). */
  verified: boolean;
  /** The user answered no at the prune prompt: applied, but members that left were not deleted (exit 1). */
  pruneDeclined?: boolean;
  rolledBackTo?: number;
  durationMs: number;
  objects: {
    kind: string; namespace?: string; name: string; action: string; status?: string; message?: string; durationMs?: number;
    reason?: string; pod?: string; failedFast?: boolean; logs?: PodLog;
  }[];
  errors: string[];
  /** Requests sent to the API server by this run. */
  requests?: RequestCounts;
}

/** The phases of an apply, in order; each reads and adds to the run state, and may stop the run. */
export const APPLY_PHASES: readonly ApplyPhase[] = [
  planChanges, checkOwnership, planHooks, recordKinds, applyGroups, pruneOrphans, settleKinds, recordRevisionPhase, trackRollout, postHooks, recordOutcome, helmReleaseNote,
];

export async function applyStack(s: Session, opts: ApplyOptions, command = 'apply'): Promise<ApplySummary> {
  const started = Date.now();
  const objects = opts.objects ?? s.source.objects;
  if (opts.prune && objects.length === 0 && !opts.allowEmpty) {
    throw new UsageError(`stack ${s.source.stack} has no objects: refusing to prune everything it owns; pass --allow-empty if that is what you want`);
  }
  const summary: ApplySummary = {
    type: 'summary', command, stack: s.source.stack, namespace: s.namespace, dryRun: !!opts.dryRun,
    created: 0, updated: 0, unchanged: 0, pruned: 0, kept: 0, failed: 0, adopted: 0, outcome: 'succeeded', verified: false, durationMs: 0, objects: [], errors: [],
  };
  const run: ApplyRun = {
    s, opts, command, started, objects, summary, nsCreated: false,
    plan: undefined as unknown as ApplyRun['plan'], revisionsP: Promise.resolve([]), adopting: new Map(), reused: false, revisions: [],
  };
  // The lock lives in the stack namespace. When that does not exist yet, the declared objects are
  // checked for other owners before anything (the namespace included) is written.
  if (!opts.dryRun && !opts.lockHeld && !(await namespaceExists(s.client, s.namespace))) {
    if (refuseForeign(run, await findForeign(s, (await makePlan(s, objects)).entries))) return summary;
    await createNamespace(s.client, s.namespace);
    run.nsCreated = true;
  }
  const lock = opts.dryRun || opts.lockHeld ? undefined : await takeLock(s, command, opts.waitForLock);
  try {
    for (const phase of APPLY_PHASES) {
      if (await phase.run(run) === 'stop') break;
    }
    return finish(run);
  } finally {
    await lock?.release();
  }
}

/** Takes the stack's lock for a writing command, saying so when it has to wait. */
export function takeLock(s: Session, command: string, wait?: boolean): Promise<Lock> {
  return acquireLock(s.client, s.namespace, s.source.stack, {
    command, wait, onWait: (holder) => s.out.warn(`waiting for the lock of stack ${s.source.stack}: held by ${holder}`),
  });
}
