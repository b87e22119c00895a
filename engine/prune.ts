// Deleting objects that left the desired set: members only, protected kinds and kept objects spared.
import pLimit from 'p-limit';
import { isProtected, LABEL_PART_OF } from './applyset';
import type { KubeClient } from './client';
import { collectionPath, objectPath, ResourceType } from './paths';
import { groupForKind, batchesByGroup } from './order';
import { objectLabel } from './targets';

export interface Member {
  obj: any;
  type: ResourceType;
  key: string;
}

export function objLabel(m: Member): string {
  return objectLabel(m.type.kind, m.obj.metadata.namespace, m.obj.metadata.name);
}

/** Splits candidates into those to delete and those kept because they are protected. */
export function selectPrunable(members: Member[], pruneProtected: boolean): { remove: Member[]; kept: Member[] } {
  const remove: Member[] = [];
  const kept: Member[] = [];
  for (const m of members) ((!pruneProtected && isProtected({ ...m.obj, kind: m.type.kind })) ? kept : remove).push(m);
  return { remove, kept };
}

export interface DeleteOptions {
  /** The stack's ApplySet id: an object whose part-of label names another set is never deleted. */
  setId: string;
  concurrency: number;
  wait: boolean;
  timeoutMs: number;
  /** Called once per object actually deleted by this run. */
  onDeleted?: (m: Member) => void;
  /** Called for an object left alone: already gone, or no longer a member. */
  onSkipped?: (m: Member, why: string) => void;
}

/** Deletes members in reverse apply order (custom resources first, namespaces last); optionally waits for them to go. */
export async function deleteMembers(client: KubeClient, members: Member[], opts: DeleteOptions): Promise<void> {
  const limit = pLimit(opts.concurrency);
  for (const batch of batchesByGroup(members, (m) => groupForKind(m.type.kind), true)) {
    const deleted: Member[] = [];
    await Promise.all(batch.items.map((m) => limit(async () => {
      const why = await deleteIfMember(client, m, opts.setId);
      if (why) opts.onSkipped?.(m, why);
      else {
        deleted.push(m);
        opts.onDeleted?.(m);
      }
    })));
    if (opts.wait) await waitGone(client, deleted, opts.timeoutMs);
  }
}

/**
 * Deletes one object only while it is still this exact member: the uid and resourceVersion
 * preconditions make the API server refuse if it was replaced or changed since it was read, and a
 * change is re-read to see whether it still belongs to the set (another stack may have adopted it).
 * Returns why it was not deleted, or undefined once deleted.
 */
async function deleteIfMember(client: KubeClient, m: Member, setId: string): Promise<string | undefined> {
  const path = objectPath(m.type, m.obj.metadata.name, m.obj.metadata.namespace);
  let live = m.obj;
  for (let attempt = 0; attempt < 5; attempt++) {
    const partOf = live.metadata?.labels?.[LABEL_PART_OF];
    if (partOf !== setId) return `no longer a member (${LABEL_PART_OF}=${partOf ?? 'none'}): another owner took it over`;
    if (live.metadata.uid !== m.obj.metadata.uid) return 'replaced by another object of the same name';
    const res = await client.exchange('DELETE', path, {
      body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background', preconditions: { uid: live.metadata.uid, resourceVersion: live.metadata.resourceVersion } },
      allow: [404, 409],
    });
    if (res.status < 300) return undefined;
    if (res.status === 404) return 'already gone';
    live = await client.request('GET', path, { allow: [404] });
    if (!live) return 'already gone';
  }
  return 'kept changing while being deleted';
}

// One list per kind and namespace per round (not one GET per object): a 1,000-object destroy
// stays a handful of requests while waiting.
async function waitGone(client: KubeClient, members: Member[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let left = members;
  for (let delay = 100; left.length; delay = Math.min(delay * 2, 2000)) {
    const byCollection = new Map<string, Member[]>();
    for (const m of left) {
      const key = collectionPath(m.type, m.obj.metadata.namespace);
      if (!byCollection.has(key)) byCollection.set(key, []);
      byCollection.get(key)!.push(m);
    }
    const still: Member[] = [];
    for (const [path, ms] of byCollection) {
      const partOf = ms[0].obj.metadata.labels?.[LABEL_PART_OF];
      const query = partOf ? { labelSelector: `${LABEL_PART_OF}=${partOf}` } : {};
      const live = new Set((await client.list(path, query, { metadataOnly: true }).catch((err) => {
        if (err?.status === 404) return [];
        throw err;
      })).map((o: any) => o.metadata.uid));
      for (const m of ms) if (live.has(m.obj.metadata.uid)) still.push(m);
    }
    left = still;
    if (!left.length) return;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for deletion of ${left.slice(0, 5).map(objLabel).join(', ')}${left.length > 5 ? ` and ${left.length - 5} more` : ''}`);
    }
    await new Promise((r) => setTimeout(r, delay));
  }
}
