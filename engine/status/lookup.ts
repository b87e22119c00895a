// Lookups the tracker makes for every object on every evaluation (a Deployment's ReplicaSets and
// pods, Warning events about an object), over lists that stay the same within one evaluation (the
// context's snapshot). Scanning the whole list per object made each evaluation cost objects x
// list, quadratic in the size of a namespace: the index of a list is built once, on first use. A
// watched list that changes between evaluations keeps an OwnerIndex up to date instead, so an
// evaluation does not rebuild the index of 20,000 ReplicaSets because one of them changed.
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
  for (const o of list) addTo(ix, o);
  indexes.set(list, ix);
  return ix;
}

function addTo(ix: ListIndex, o: KObject): void {
  if (o.type === 'Warning') ix.warnings.push(o);
  forEachOwner(o, (uid, controller) => {
    push(ix.owned, uid, o);
    if (controller) push(ix.controlled, uid, o);
  });
}

/** Each owner uid of the object once, and whether a reference to it has `controller` not false. */
function forEachOwner(o: KObject | undefined, fn: (uid: string, controller: boolean) => void): void {
  const refs: { uid?: string; controller?: boolean }[] = o?.metadata?.ownerReferences ?? [];
  // Almost always one reference: the duplicate checks cost nothing then.
  for (let i = 0; i < refs.length; i++) {
    const uid = refs[i].uid;
    let first = !!uid;
    for (let j = 0; first && j < i; j++) if (refs[j].uid === uid) first = false;
    if (!first) continue;
    let controller = false;
    for (const p of refs) if (p.uid === uid && p.controller !== false) controller = true;
    fn(uid!, controller);
  }
}

/**
 * The index of a list that changes object by object (a watched collection): `replace` and
 * `remove` keep it current; `of` hands it out for a snapshot of the list's objects.
 */
export class OwnerIndex {
  private ix: ListIndex = { controlled: new Map(), owned: new Map(), warnings: [] };

  /** Puts `obj` where `old` (the previous version, if any) was. */
  replace(old: KObject | undefined, obj: KObject): void {
    if (old) this.remove(old);
    addTo(this.ix, obj);
  }

  remove(obj: KObject): void {
    forEachOwner(obj, (uid, controller) => {
      drop(this.ix.owned, uid, obj);
      if (controller) drop(this.ix.controlled, uid, obj);
    });
    if (obj.type === 'Warning') this.ix.warnings = this.ix.warnings.filter((w) => w !== obj);
  }

  clear(): void {
    this.ix = { controlled: new Map(), owned: new Map(), warnings: [] };
  }

  /** The list, with this index answering the lookups on it (the list must hold the indexed objects). */
  of<T extends readonly KObject[]>(list: T): T {
    indexes.set(list, this.ix);
    return list;
  }
}

function drop(m: Map<string, KObject[]>, k: string, v: KObject): void {
  const l = m.get(k);
  if (!l) return;
  const rest = l.filter((o) => o !== v);
  if (rest.length) m.set(k, rest);
  else m.delete(k);
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
