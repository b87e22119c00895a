// Phase: what the cluster has and what changes; the history read alongside (a no-op apply is a
// few round trips long), and the inventory told the union of old and new kinds first, so that
// an apply killed half-way still leaves every member findable for the next prune.
import { legacyStackSlug } from '../applyset';
import { listRevisions, migrateHistory, type Revision } from '../history';
import { writeInventory } from '../inventory';
import { makePlan } from '../plan';
import type { ApplyPhase } from './run';

export const planChanges: ApplyPhase = {
  name: 'plan',
  async run(r) {
    const { s, opts } = r;
    if (s.inventory.legacy && !opts.dryRun) await migrateHistory(s.client, s.namespace, s.source.stack, legacyStackSlug(s.source.stack));
    r.revisionsP = opts.dryRun ? Promise.resolve([] as Revision[]) : listRevisions(s.client, s.namespace, s.source.stack);
    r.revisionsP.catch(() => undefined);
    r.plan = await makePlan(s, r.objects);
  },
};

export const recordKinds: ApplyPhase = {
  name: 'record kinds',
  async run({ s, opts, plan }) {
    if (!opts.dryRun) {
      await writeInventory(s.client, s.inventory, [...s.inventory.groupKinds, ...plan.groupKinds], [...s.inventory.namespaces, ...plan.namespaces], true);
    }
  },
};
