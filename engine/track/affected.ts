// Which tracked objects a burst of watch events can change the verdict of. An evaluation assesses
// only those: assessing every pending object on every burst made a large rollout allocate
// objects x bursts (8 GB for a 10,000-object apply), and V8 let that garbage grow the heap past
// 500 MB. A status rule reads the object itself, the pods and ReplicaSets it owns (through
// ownerReferences) and the events about them, so a changed object affects itself, its owners
// (a pod → its ReplicaSet → its Deployment) and, for an event, the object it is about and that
// object's owners.
import type { KObject } from '../status';

/** Looks up a pod, ReplicaSet or tracked object the watches hold, to follow its ownerReferences. */
export type FindObject = (kind: string, namespace: string, name: string) => KObject | undefined;

// Event → pod → ReplicaSet → Deployment is the longest chain a rule follows.
const MAX_DEPTH = 3;

export class Affected {
  /** Everything may have changed (a re-list, a class changed): assess every pending object. */
  all = false;
  private readonly uids = new Set<string>();
  /**
   * Objects marked, by kind, namespace and name (nested: `has` runs for every pending object on
   * every evaluation and builds no key), with how many owner levels above them were followed.
   */
  private readonly names = new Map<string, Map<string, Map<string, number>>>();

  /** Marks an object and, as far as `find` knows them, its owners. */
  add(kind: string, namespace: string, name: string, uid: string | undefined, find: FindObject, depth = MAX_DEPTH): void {
    if (uid) this.uids.add(uid);
    let byNamespace = this.names.get(kind);
    if (!byNamespace) this.names.set(kind, (byNamespace = new Map()));
    let byName = byNamespace.get(namespace);
    if (!byName) byNamespace.set(namespace, (byName = new Map()));
    if ((byName.get(name) ?? -1) >= depth) return;
    byName.set(name, depth);
    if (depth <= 0) return;
    const obj = find(kind, namespace, name);
    for (const r of obj?.metadata?.ownerReferences ?? []) {
      if (r?.kind && r.name) this.add(r.kind, namespace, r.name, r.uid, find, depth - 1);
    }
  }

  /** Marks a changed object (an old or new version of it) and what it is about or owned by. */
  addChanged(obj: KObject, find: FindObject): void {
    const meta = obj.metadata ?? {};
    const namespace: string = meta.namespace ?? '';
    if (obj.kind && meta.name) this.add(obj.kind, namespace, meta.name, meta.uid, find);
    // The owners named by this version of the object (find returns the current version).
    for (const r of meta.ownerReferences ?? []) {
      if (r?.kind && r.name) this.add(r.kind, namespace, r.name, r.uid, find, MAX_DEPTH - 1);
    }
    // A cluster-scoped object's events leave its namespace out (they live in `default`).
    const about = obj.involvedObject ?? obj.regarding;
    if (about?.kind && about.name) this.add(about.kind, about.namespace ?? '', about.name, about.uid, find, MAX_DEPTH - 1);
  }

  has(kind: string, namespace: string, name: string, uid: string | undefined): boolean {
    return this.all || (!!uid && this.uids.has(uid)) || !!this.names.get(kind)?.get(namespace)?.has(name);
  }
}
