// Apply-order batches for the engine. Groups and the group of a kind come from synth/kinds.ts, the
// one kind table, also for objects read from the cluster rather than from synth output (prune, destroy).

export { GROUPS as APPLY_GROUPS, groupOf as groupForKind, groupRank, type Group as ApplyGroup } from '../synth/kinds';
import { groupRank } from '../synth/kinds';

/** Splits items into apply-order batches; `reverse` gives destroy order (custom first, namespaces last). */
export function batchesByGroup<T>(items: T[], groupOf: (t: T) => string, reverse = false): { group: string; items: T[] }[] {
  const by = new Map<string, T[]>();
  for (const it of items) {
    const g = groupOf(it);
    if (!by.has(g)) by.set(g, []);
    by.get(g)!.push(it);
  }
  const out = [...by.entries()].map(([group, its]) => ({ group, items: its }))
    .sort((a, b) => groupRank(a.group) - groupRank(b.group));
  return reverse ? out.reverse() : out;
}
