// Lookups the tracker makes for every object on every evaluation (a Deployment's ReplicaSets and
// pods, Warning events about an object), over lists that stay the same within one evaluation (the
// context's snapshot). Scanning the whole list per object made each evaluation cost objects x
// list, quadratic in the size of a namespace: the index of a list is built once, on first use.
import type { KObject } from './types';

interface ListIndex {
  /** By owner uid, references with `controller` not false. */
  controlled: Map<string, KObject[]>;
  /** By owner uid, any owner reference. */
  owned: Map<string, KObject[]>;
  warnings: KObject[];
}

const indexes = new WeakMap<readonly KObject[], ListIndex>();

function indexOf(list: readonly KObject[]): ListIndex {
  let ix = indexes.get(list);
  if (ix) return ix;
  ix = { controlled: new Map(), owned: new Map(), warnings: [] };
  for (const o of list) {
    if (o.type === 'Warning') ix.warnings.push(o);
    const seen = new Set<string>();
    for (const r of o.metadata?.ownerReferences ?? []) {
      if (!r.uid || seen.has(r.uid)) continue;
      seen.add(r.uid);
      push(ix.owned, r.uid, o);
      if (r.controller !== false) push(ix.controlled, r.uid, o);
    }
  }
  indexes.set(list, ix);
  return ix;
}

function push(m: Map<string, KObject[]>, k: string, v: KObject): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** The objects of `list` a controller with this uid owns (in list order). */
export function controlledBy(list: readonly KObject[], uid: string | undefined): KObject[] {
  return uid ? indexOf(list).controlled.get(uid) ?? [] : [];
}

/** The objects of `list` with an owner reference to any of these uids (each once). */
export function ownedByAny(list: readonly KObject[], uids: ReadonlySet<string | undefined>): KObject[] {
  const owned = indexOf(list).owned;
  const hits = new Set<KObject>();
  for (const uid of uids) if (uid) for (const o of owned.get(uid) ?? []) hits.add(o);
  return [...hits];
}

/** The Warning events of a list of events. */
export function warningsOf(events: readonly KObject[]): KObject[] {
  return indexOf(events).warnings;
}
