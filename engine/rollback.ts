// `rollback [REV]` and `apply --atomic`: re-apply a recorded revision (with prune and tracking).
import { applyStack, ApplyOptions, ApplySummary, takeLock } from './apply';
import { namespaceExists } from './namespace';
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
  // Objects this apply adopted are not deleted by the rollback: they were someone else's a moment ago.
  const adopted = new Set<string>();
  const sum = done ?? await applyStack(s, { ...opts, onAdopted: (k) => adopted.add(k) });
  if (sum.outcome !== 'failed' || opts.dryRun) return sum;
  const revs = await listRevisions(s.client, s.namespace, s.source.stack);
  const good = previousGood(revs, sum.revision);
  if (!good) {
    s.out.warn('--atomic: no earlier successful revision; nothing to roll back to');
    return sum;
  }
  s.out.warn(`--atomic: apply failed; rolling back to revision ${good.revision}`);
  const back = await rollbackStack(s, good.revision, { ...opts, yes: true, atomic: false, adopt: false, spare: adopted });
  const failed = revs.find((r) => r.revision === sum.revision);
  if (failed) await setOutcome(s.client, s.namespace, failed, 'rolled-back');
  return { ...sum, outcome: 'rolled-back', rolledBackTo: good.revision, errors: [...sum.errors, ...back.errors] };
}
