// `destroy`: deletes the set's members in reverse apply order and waits for them to go. Protected
// objects (PVCs, namespaces, CRDs, kapstan.io/keep) stay unless --prune-protected.
import type { RequestCounts } from './request-count';
import { takeLock } from './apply';
import { refuseCascade } from './cascade';
import { setInterruptNote } from './interrupt';
import { deletionTable, fromMember, whereLabel } from './deletion-list';
import { namespaceExists } from './namespace';
import { deleteHistory } from './history';
import { listMembers, memberScope } from './inventory';
import { deleteMembers, objLabel, selectPrunable, Member } from './prune';
import type { Session } from './session';
import { resolveTargets } from './targets';
import { destroyHooks } from './destroy-hooks';

export interface DestroyOptions {
  yes?: boolean;
  pruneProtected?: boolean;
  timeoutMs?: number;
  dryRun?: boolean;
  /** Wait for another run's lock instead of failing. */
  waitForLock?: boolean;
  /** Delete a Namespace or CRD even when objects that are not members would go with it. */
  cascadeForeign?: boolean;
}

export interface DestroySummary {
  type: 'summary';
  command: 'destroy';
  stack: string;
  namespace: string;
  deleted: number;
  kept: number;
  /** The user answered no at the prompt: nothing was deleted (exit 1, as a cancelled federated destroy). */
  cancelled?: boolean;
  /** A Namespace or CRD would have taken objects of others with it: nothing was deleted (exit 1). */
  refused?: string;
  /** A Helm pre-delete hook failed (nothing was deleted) or a post-delete one did (exit 1). */
  hookFailed?: string;
  objects: { kind: string; namespace?: string; name: string; action: 'deleted' | 'kept' }[];
  /** Requests sent to the API server by this run (set by destroyStack when it returns). */
  requests?: RequestCounts;
}

export async function destroyStack(s: Session, opts: DestroyOptions): Promise<DestroySummary> {
  // Without its namespace a stack has no inventory, history or lock to protect.
  const lock = opts.dryRun || !(await namespaceExists(s.client, s.namespace)) ? undefined : await takeLock(s, 'destroy', opts.waitForLock);
  try {
    const sum = await destroyLocked(s, opts);
    sum.requests = s.client.requests.snapshot();
    return sum;
  } finally {
    await lock?.release();
  }
}

async function destroyLocked(s: Session, opts: DestroyOptions): Promise<DestroySummary> {
  const { out } = s;
  const sum: DestroySummary = { type: 'summary', command: 'destroy', stack: s.source.stack, namespace: s.namespace, deleted: 0, kept: 0, objects: [] };
  // The desired set only widens the search (kinds, namespaces); membership comes from the cluster.
  const targets = await resolveTargets(s.source.objects, s.discovery, s.namespace, s.inventory.id).catch(() => []);
  const served = targets.filter((t) => !s.discovery.isPendingCrdKind(t.manifest.apiVersion, t.manifest.kind));
  const scope = await memberScope(s.discovery, s.inventory, served);
  const members: Member[] = [...(await listMembers(s.client, scope, s.inventory.id, s.concurrency)).entries()].map(([key, m]) => ({ ...m, key }));
  const { remove, kept } = selectPrunable(members, !!opts.pruneProtected);
  for (const k of kept) {
    sum.kept++;
    sum.objects.push({ kind: k.type.kind, namespace: k.obj.metadata.namespace, name: k.obj.metadata.name, action: 'kept' });
    out.event({ type: 'destroy', kind: k.type.kind, namespace: k.obj.metadata.namespace, name: k.obj.metadata.name, action: 'kept' }, `${objLabel(k)} kept (protected; --prune-protected deletes it)`);
  }
  if (!remove.length) {
    out.line(`stack ${s.source.stack}: nothing to delete`);
  } else {
    out.line(`to delete from stack ${s.source.stack}, ${whereLabel(s.client)}:`);
    for (const l of deletionTable(remove.map(fromMember))) out.line(l);
    const refused = await refuseCascade(s, remove, !!opts.cascadeForeign);
    if (refused) {
      out.error(refused);
      sum.refused = refused;
      return sum;
    }
    if (opts.dryRun) return sum;
    const ok = await s.confirm(`Delete these ${remove.length} object(s) from kube context ${s.client.contextName}?`, opts.yes, `destroy of ${remove.length} object(s)`);
    if (!ok) {
      out.line('destroy cancelled');
      sum.cancelled = true;
      return sum;
    }
    // Helm's pre-delete hooks, after the prompt and before any deletion; a failure deletes nothing.
    const hooks = destroyHooks(s, targets, { timeoutMs: opts.timeoutMs });
    if (hooks.count) {
      const failed = await hooks.run('pre');
      if (failed) {
        sum.hookFailed = `a pre-delete hook failed, nothing was deleted: ${failed.join('; ')}`;
        return sum;
      }
    }
    setInterruptNote(() => `interrupted: ${sum.deleted} of ${remove.length} object(s) deleted; the rest stay. ` +
      `Run \`kapstan destroy\` again to finish; \`kapstan status\` shows what is left.`);
    await deleteMembers(s.client, remove, {
      setId: s.inventory.id, concurrency: s.concurrency, wait: true, timeoutMs: opts.timeoutMs ?? 300_000,
      onSkipped: (m, why) => {
        sum.kept++;
        sum.objects.push({ kind: m.type.kind, namespace: m.obj.metadata.namespace, name: m.obj.metadata.name, action: 'kept' });
        out.event({ type: 'destroy', kind: m.type.kind, namespace: m.obj.metadata.namespace, name: m.obj.metadata.name, action: 'kept', message: why }, `${objLabel(m)} kept: ${why}`);
      },
      onDeleted: (m) => {
        sum.deleted++;
        sum.objects.push({ kind: m.type.kind, namespace: m.obj.metadata.namespace, name: m.obj.metadata.name, action: 'deleted' });
        out.event({ type: 'destroy', kind: m.type.kind, namespace: m.obj.metadata.namespace, name: m.obj.metadata.name, action: 'deleted' }, `${objLabel(m)} deleted`);
      },
    });
    setInterruptNote(undefined);
    if (hooks.count) {
      const failed = await hooks.run('post');
      if (failed) sum.hookFailed = `a post-delete hook failed: ${failed.join('; ')}`;
      // A hook object left behind is a member still: it is kept, and so is the set's parent.
      for (const o of await hooks.left()) {
        sum.kept++;
        sum.objects.push({ ...o, action: 'kept' });
        out.event({ type: 'destroy', ...o, action: 'kept', message: 'Helm delete hook object left by its delete policy' }, `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} kept: a delete hook's object (no hook-succeeded policy)`);
      }
    }
  }
  // With every member gone the inventory and history go too; kept objects keep their parent.
  if (!sum.kept && s.inventory.exists && !opts.dryRun) {
    await s.client.request('DELETE', `/api/v1/namespaces/${s.namespace}/secrets/${s.inventory.name}`, { allow: [404] });
    await deleteHistory(s.client, s.namespace, s.source.stack);
  }
  return sum;
}
