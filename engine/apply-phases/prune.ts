// Phase: members that left the stack are deleted (--prune), protected ones kept, the user asked
// first; a cascade into objects of others is refused. After a complete prune the inventory
// lists exactly the desired kinds again.
import { deletionTable, fromMember, whereLabel } from '../deletion-list';
import { refuseCascade } from '../cascade';
import { writeInventory } from '../inventory';
import { deleteMembers, objLabel, selectPrunable } from '../prune';
import type { ApplyPhase } from './run';

export const pruneOrphans: ApplyPhase = {
  name: 'prune',
  async run({ s, opts, summary, plan }) {
    const { out } = s;
    if (!(summary.outcome !== 'failed' && opts.prune && plan.orphans.length)) return;
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
  },
};

export const settleKinds: ApplyPhase = {
  name: 'settle kinds',
  async run({ s, opts, summary, plan }) {
    const pruneDone = opts.prune && summary.outcome !== 'failed' && plan.orphans.length === summary.pruned + summary.kept;
    if (!opts.dryRun && pruneDone && summary.kept === 0) {
      await writeInventory(s.client, s.inventory, plan.groupKinds, plan.namespaces, true);
    }
  },
};
