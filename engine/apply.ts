// `apply`: namespace and inventory first, then each group in dependency order (objects within a
// group concurrently), CRDs waited for, prune of members that left, a history revision, tracking.
import pLimit from 'p-limit';
import type { PodLog } from './track/types';
import { applyObject, ApplyAction, ObjectError } from './apply-object';
import { deletionTable, fromMember, whereLabel } from './deletion-list';
import { ApiError, UsageError } from './errors';
import { listRevisions, migrateHistory, payloadDigest, recordRevision, setOutcome, trimHistory, Revision } from './history';
import { legacyStackSlug } from './applyset';
import { writeInventory } from './inventory';
import { batchesByGroup } from './order';
import { makePlan, PlanEntry } from './plan';
import { deleteMembers, objLabel, selectPrunable } from './prune';
import type { Session } from './session';
import type { DesiredObject } from './source';
import { waitEstablished } from './crd';
import { createNamespace, namespaceExists } from './namespace';
import { findForeign, ForeignObject } from './ownership';
import { refuseCascade } from './cascade';
import { acquireLock, Lock } from './lock';
import type { TrackOutcome } from './tracking';
import { interruptReason, interruptSignal } from './interrupt';

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
}

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
  const { out } = s;
  // The lock lives in the stack namespace. When that does not exist yet, the declared objects are
  // checked for other owners before anything (the namespace included) is written.
  let nsCreated = false;
  if (!opts.dryRun && !opts.lockHeld && !(await namespaceExists(s.client, s.namespace))) {
    if (refuseForeign(s, await findForeign(s, (await makePlan(s, objects)).entries), opts, summary, started)) return summary;
    await createNamespace(s.client, s.namespace);
    nsCreated = true;
  }
  const lock = opts.dryRun || opts.lockHeld ? undefined : await takeLock(s, command, opts.waitForLock);
  try {
    return await applyLocked(s, opts, summary, started, objects, nsCreated);
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

/** Reports declared objects of other owners and fails the summary, unless adopting. True when refused. */
function refuseForeign(s: Session, foreign: ForeignObject[], opts: ApplyOptions, summary: ApplySummary, started: number): boolean {
  if (!foreign.length || opts.adopt) return false;
  for (const f of foreign) {
    const msg = `${f.entry.target.label} (${f.entry.target.path}): already exists and belongs to ${f.owner}; ` +
      'nothing was applied. Remove it from the stack, or rerun with --adopt to take it over.';
    summary.errors.push(msg);
    summary.failed++;
    s.out.error(msg);
  }
  summary.outcome = 'failed';
  summary.durationMs = Date.now() - started;
  return true;
}

async function applyLocked(s: Session, opts: ApplyOptions, summary: ApplySummary, started: number, objects: DesiredObject[], nsCreated: boolean): Promise<ApplySummary> {
  const { out } = s;
  if (s.inventory.legacy && !opts.dryRun) await migrateHistory(s.client, s.namespace, s.source.stack, legacyStackSlug(s.source.stack));
  // Independent reads run together: a no-op apply is a few round trips long.
  const revisionsP = opts.dryRun ? Promise.resolve([] as Revision[]) : listRevisions(s.client, s.namespace, s.source.stack);
  revisionsP.catch(() => undefined);
  const plan = await makePlan(s, objects);

  // Nothing is written while a declared object belongs to someone else, unless --adopt says so.
  const foreign = await findForeign(s, plan.entries);
  if (refuseForeign(s, foreign, opts, summary, started)) return summary;
  const adopting = new Map<string, ForeignObject>(foreign.map((f) => [f.entry.target.key, f]));
  for (const o of plan.legacyLeft) {
    out.warn(`${objLabel(o)} stays in the set ${s.inventory.legacy!.name} recorded by an older Kapstan under a shortened stack name; ` +
      'it may belong to another stack whose name begins alike, so it is never pruned: delete it by hand if it is this stack\'s');
  }

  // Record the union of old and new kinds first: an apply killed half-way still leaves every
  // member findable for the next prune.
  if (!opts.dryRun) {
    await writeInventory(s.client, s.inventory, [...s.inventory.groupKinds, ...plan.groupKinds], [...s.inventory.namespaces, ...plan.namespaces], true);
  }

  const record = (e: PlanEntry, action: ApplyAction | 'failed', message?: string) => {
    const m = e.target.manifest;
    if (action === 'created') summary.created++;
    else if (action === 'configured' || action === 'replaced') summary.updated++;
    else if (action === 'unchanged') summary.unchanged++;
    else summary.failed++;
    summary.objects.push({ kind: m.kind, namespace: m.metadata.namespace, name: m.metadata.name, action, message });
    const verb = opts.dryRun && action !== 'unchanged' && action !== 'failed' ? `${action} (dry run)` : action;
    if (action !== 'unchanged' || out.mode === 'json') {
      out.event({ type: 'apply', kind: m.kind, namespace: m.metadata.namespace, name: m.metadata.name, action, dryRun: !!opts.dryRun, message },
        `${e.target.label} ${verb}${message ? `: ${message}` : ''}`);
    }
  };

  const limit = pLimit(s.concurrency);
  for (const batch of batchesByGroup(plan.entries, (e) => e.target.group)) {
    const errors: ObjectError[] = [];
    await Promise.all(batch.items.map((e) => limit(async () => {
      if (e.unchanged) return record(e, 'unchanged');
      // Ctrl-C: writes in flight finish, no new ones start. (A closed output lets the writes
      // finish, so the revision is recorded; only the waiting stops.)
      if (interruptReason() === 'sigint') return;
      try {
        const newKind = !opts.dryRun && s.discovery.isPendingCrdKind(e.target.manifest.apiVersion, e.target.manifest.kind);
        // Adopting takes the object whole: fields the old owner set (Helm's managed-by label) pass to us.
        const adopted = adopting.get(e.target.key);
        const r = await applyObject(s.client, e.target, { force: opts.force || !!adopted, dryRun: opts.dryRun, replace: opts.replace, newKind }, e.live?.metadata?.resourceVersion);
        const createdHere = nsCreated && e.target.manifest.kind === 'Namespace' && e.target.manifest.metadata.name === s.namespace;
        if (adopted) {
          summary.adopted++;
          opts.onAdopted?.(adopted);
        }
        record(e, createdHere && r.action === 'configured' ? 'created' : r.action, adopted ? `adopted from ${adopted.owner}` : undefined);
      } catch (err) {
        // A dry run cannot create objects inside a namespace that the same apply would create.
        if (opts.dryRun && !e.live && (err as ObjectError).cause instanceof ApiError && ((err as ObjectError).cause as ApiError).status === 404) {
          return record(e, 'created');
        }
        const msg = err instanceof ObjectError ? err.message : `${e.target.label}: ${(err as Error).message}`;
        errors.push(err instanceof ObjectError ? err : new ObjectError(msg, e.target, err));
        summary.errors.push(msg);
        record(e, 'failed');
        out.error(msg);
      }
    })));
    if (interruptReason() === 'sigint') {
      summary.outcome = 'interrupted';
      summary.interruptedIn = 'apply';
      break;
    }
    if (errors.length) {
      summary.outcome = 'failed';
      out.error(`${errors.length} object(s) in group "${batch.group}" failed; later groups were not applied`);
      break;
    }
    if (batch.group === 'crds' && !opts.dryRun) {
      await waitEstablished(s.client, batch.items.map((e) => e.target), opts.timeoutMs ?? 300_000);
      for (const e of plan.entries) s.discovery.forget(e.target.manifest.apiVersion);
    }
  }
  if (out.mode === 'text' && summary.unchanged) out.line(`${summary.unchanged} object(s) unchanged`);

  // An interrupted write phase records no revision: the set was not applied.
  if (summary.outcome === 'interrupted') {
    summary.durationMs = Date.now() - started;
    return summary;
  }

  if (summary.outcome !== 'failed' && opts.prune && plan.orphans.length) {
    const spared = plan.orphans.filter((o) => opts.spare?.has(o.key));
    const { remove, kept } = selectPrunable(plan.orphans.filter((o) => !opts.spare?.has(o.key)), !!opts.pruneProtected);
    summary.kept = kept.length + spared.length;
    for (const k of spared) out.event({ type: 'prune', kind: k.type.kind, namespace: k.obj.metadata.namespace, name: k.obj.metadata.name, action: 'kept' },
      `${objLabel(k)} kept (adopted by the failed apply; not deleted)`);
    for (const k of kept) out.event({ type: 'prune', kind: k.type.kind, namespace: k.obj.metadata.namespace, name: k.obj.metadata.name, action: 'kept' },
      `${objLabel(k)} kept (protected; --prune-protected deletes it)`);
    const refused = await refuseCascade(s, remove, !!opts.cascadeForeign);
    if (refused) {
      summary.outcome = 'failed';
      summary.errors.push(refused);
      out.error(refused);
    } else if (remove.length) {
      const names = remove.map(objLabel);
      let go = !!opts.dryRun;
      if (!opts.dryRun) {
        out.line(`to prune (left stack ${s.source.stack}), ${whereLabel(s.client)}:`);
        for (const l of deletionTable(remove.map(fromMember))) out.line(l);
        go = await s.confirm(`Delete these ${remove.length} object(s) from kube context ${s.client.contextName}?`, opts.yes, `prune of ${remove.length} object(s)`);
      }
      if (go && !opts.dryRun) {
        await deleteMembers(s.client, remove, { setId: s.inventory.id, concurrency: s.concurrency, wait: false, timeoutMs: opts.timeoutMs ?? 300_000,
          onSkipped: (m, why) => {
            summary.kept++;
            out.event({ type: 'prune', kind: m.type.kind, namespace: m.obj.metadata.namespace, name: m.obj.metadata.name, action: 'kept', message: why }, `${objLabel(m)} kept: ${why}`);
          },
          onDeleted: (m) => {
            summary.pruned++;
            out.event({ type: 'prune', kind: m.type.kind, namespace: m.obj.metadata.namespace, name: m.obj.metadata.name, action: 'pruned' }, `${objLabel(m)} pruned`);
          } });
      } else if (opts.dryRun) {
        summary.pruned = remove.length;
        for (const n of names) out.line(`${n} pruned (dry run)`);
      } else {
        summary.pruneDeclined = true;
        out.line('prune skipped');
      }
    }
  }
  // After a complete prune, the inventory lists exactly the desired kinds again.
  const pruneDone = opts.prune && summary.outcome !== 'failed' && plan.orphans.length === summary.pruned + summary.kept;
  if (!opts.dryRun && pruneDone && summary.kept === 0) {
    await writeInventory(s.client, s.inventory, plan.groupKinds, plan.namespaces, true);
  }

  // A re-apply of the newest revision's exact set that changed nothing adds no revision: history
  // lists changes, and a no-op apply stays free of writes.
  let revision: Revision | undefined;
  let reused = false;
  let revisions: Revision[] = [];
  if (!opts.dryRun) {
    const payload = { stack: s.source.stack, namespace: s.namespace, objects };
    revisions = await revisionsP;
    const latest = revisions.at(-1);
    const nothingChanged = summary.created + summary.updated + summary.pruned === 0 && summary.outcome !== 'failed';
    if (nothingChanged && !opts.note && latest?.digest && latest.digest === payloadDigest(payload)) {
      revision = latest;
      reused = true;
    } else {
      revision = await recordRevision(s.client, s.namespace, payload, opts.note, revisions);
      revisions.push(revision);
    }
    summary.revision = revision.revision;
  }

  if (summary.outcome !== 'failed' && !opts.dryRun && opts.track !== false) {
    // Loaded only when tracking: the tracker brings @kubernetes/client-node, slow to load under tsx.
    const { trackTargets } = require('./tracking') as typeof import('./tracking');
    const tracked: TrackOutcome = await trackTargets(s, plan.entries.map((e) => e.target), { timeoutMs: opts.timeoutMs, failFast: opts.failFast, signal: interruptSignal(), crashLoopRestarts: opts.crashLoopRestarts });
    for (const o of summary.objects) {
      const st = tracked.objects.get(`${o.kind}/${o.namespace ?? ''}/${o.name}`);
      if (st) Object.assign(o, { status: st.status, message: st.message ?? o.message, durationMs: st.durationMs, reason: st.reason, pod: st.pod, failedFast: st.failedFast || undefined, ...(st.logs ? { logs: st.logs } : {}) });
    }
    if (tracked.result?.aborted && interruptReason()) {
      summary.outcome = 'interrupted';
      summary.interruptedIn = 'track';
    } else if (!tracked.ok) {
      summary.outcome = 'failed';
      summary.failed += tracked.result?.failed.length ?? 0;
      summary.errors.push(...tracked.errors);
    } else {
      summary.verified = true;
    }
  }

  // Written but not waited for (--no-wait, or tracking interrupted): `applied`, which rollback
  // never takes for a known-good revision until `kapstan status` has seen it Current.
  const outcome = summary.outcome === 'failed' ? 'failed' : summary.verified ? 'succeeded' : 'applied';
  // A re-apply that changed nothing and did not wait leaves a verified revision verified.
  const keepVerified = outcome === 'applied' && reused && revision?.outcome === 'succeeded';
  if (revision && revision.outcome !== outcome && !keepVerified) await setOutcome(s.client, s.namespace, revision, outcome);
  if (!opts.dryRun && revisions.length > (opts.historyMax ?? 10)) await trimHistory(s.client, s.namespace, s.source.stack, opts.historyMax ?? 10, revisions);
  summary.durationMs = Date.now() - started;
  return summary;
}
