// `rollback [REV]` and `apply --atomic`: re-apply a recorded revision (with prune and tracking).
import { applyStack, ApplyOptions, ApplySummary, takeLock } from './apply';
import { namespaceExists } from './namespace';
import type { ForeignObject } from './ownership';
import { objectPath } from './paths';
import { LABEL_PART_OF } from './applyset';
import { listRevisions, migrateHistory, readRevision, Revision, setOutcome } from './history';
import { legacyStackSlug } from './applyset';
import type { Session } from './session';

/** The revision to go back to: the newest succeeded one before `before` (default: before the latest). */
export function previousGood(revs: Revision[], before?: number): Revision | undefined {
  const limit = before ?? revs.at(-1)?.revision ?? 0;
  return [...revs].reverse().find((r) => r.revision < limit && r.outcome === 'succeeded');
}

export async function rollbackStack(s: Session, rev: number | undefined, opts: ApplyOptions): Promise<ApplySummary> {
  // Without its namespace a stack has no history to roll back to (and no place for a lock).
  const lock = opts.lockHeld || !(await namespaceExists(s.client, s.namespace)) ? undefined : await takeLock(s, 'rollback', opts.waitForLock);
  try {
    return await rollbackLocked(s, rev, opts);
  } finally {
    await lock?.release();
  }
}

async function rollbackLocked(s: Session, rev: number | undefined, opts: ApplyOptions): Promise<ApplySummary> {
  if (s.inventory.legacy) await migrateHistory(s.client, s.namespace, s.source.stack, legacyStackSlug(s.source.stack));
  const revs = await listRevisions(s.client, s.namespace, s.source.stack);
  const target = rev !== undefined ? revs.find((r) => r.revision === rev) : previousGood(revs);
  if (!target) {
    throw new Error(rev !== undefined
      ? `stack ${s.source.stack} has no revision ${rev} (kept: ${revs.map((r) => r.revision).join(', ') || 'none'})`
      : `stack ${s.source.stack} has no earlier successful revision to roll back to`);
  }
  const payload = await readRevision(s.client, s.namespace, s.source.stack, target.revision);
  for (const o of payload.objects) s.out.redactor.addManifest(o.manifest);
  s.out.line(`rolling back stack ${s.source.stack} to revision ${target.revision} (${target.time})`);
  return applyStack(s, { ...opts, lockHeld: true, prune: true, objects: payload.objects, note: `rollback to ${target.revision}` }, 'rollback');
}

/** apply, and when it fails (including tracking) go back to the last good revision. */
export async function applyAtomic(s: Session, opts: ApplyOptions): Promise<ApplySummary> {
  if (opts.dryRun || opts.lockHeld) return atomicLocked(s, opts);
  // The first apply creates a missing namespace (after its ownership check) and takes the lock;
  // the rollback must run under the same lock, so it is taken here once the namespace exists.
  if (!(await namespaceExists(s.client, s.namespace))) {
    const first = await applyStack(s, opts);
    if (first.outcome !== 'failed') return first;
    return atomicLocked(s, { ...opts, lockHeld: true }, first);
  }
  const lock = await takeLock(s, 'apply', opts.waitForLock);
  try {
    return await atomicLocked(s, { ...opts, lockHeld: true });
  } finally {
    await lock.release();
  }
}

async function atomicLocked(s: Session, opts: ApplyOptions, done?: ApplySummary): Promise<ApplySummary> {
  // Objects this apply adopted are not deleted by the rollback: they were someone else's a moment
  // ago. They are handed back to their old set (or left in none) once the rollback is done.
  const adopted: ForeignObject[] = [];
  const sum = done ?? await applyStack(s, { ...opts, onAdopted: (f) => adopted.push(f) });
  if (sum.outcome !== 'failed' || opts.dryRun) return sum;
  const revs = await listRevisions(s.client, s.namespace, s.source.stack);
  const good = previousGood(revs, sum.revision);
  if (!good) {
    s.out.warn('--atomic: no earlier successful revision; nothing to roll back to');
    return sum;
  }
  s.out.warn(`--atomic: apply failed; rolling back to revision ${good.revision}`);
  const spare = new Set(adopted.map((f) => f.entry.target.key));
  const back = await rollbackStack(s, good.revision, { ...opts, yes: true, atomic: false, adopt: false, spare });
  const reapplied = new Set(back.objects.map((o) => `${o.kind}/${o.namespace ?? ''}/${o.name}`));
  for (const f of adopted) {
    const m = f.entry.target.manifest;
    if (!reapplied.has(`${m.kind}/${m.metadata.namespace ?? ''}/${m.metadata.name}`)) await handBack(s, f);
  }
  const failed = revs.find((r) => r.revision === sum.revision);
  if (failed) await setOutcome(s.client, s.namespace, failed, 'rolled-back');
  // Every deletion is counted: what the rollback pruned belongs to this run's summary.
  return { ...sum, outcome: 'rolled-back', rolledBackTo: good.revision, pruned: sum.pruned + back.pruned, kept: sum.kept + back.kept, errors: [...sum.errors, ...back.errors] };
}

/** Restores the part-of label an adopted object had (or removes ours). */
async function handBack(s: Session, f: ForeignObject): Promise<void> {
  const t = f.entry.target;
  const path = objectPath(t.type, t.manifest.metadata.name, t.manifest.metadata.namespace);
  const live = await s.client.request('GET', path, { allow: [404], accept: 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json' });
  if (live?.metadata?.labels?.[LABEL_PART_OF] !== s.inventory.id) return;
  const previous = f.live.metadata?.labels?.[LABEL_PART_OF] ?? null;
  await s.client.request('PATCH', path, {
    body: { metadata: { labels: { [LABEL_PART_OF]: previous } } }, contentType: 'application/merge-patch+json',
  });
  s.out.warn(`--atomic: ${t.label} handed back to ${f.owner}`);
}
