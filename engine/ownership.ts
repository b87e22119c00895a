// Who owns a live object the stack declares but that is not (yet) a member of its ApplySet:
// another stack, a kubectl ApplySet, a Helm release, or whatever field manager created it.
// `apply` refuses to write such objects unless told to adopt them (as Helm and kapp do).
import pLimit from 'p-limit';
import { ANN_TOOLING, LABEL_ID, LABEL_PART_OF } from './applyset';
import type { KubeClient } from './client';
import { FIELD_MANAGER } from './noop';
import { collectionPath, objectPath } from './paths';
import type { PlanEntry } from './plan';
import type { Session } from './session';

/** Annotation on the ApplySet parent naming the full stack name (the parent's name may be shortened). */
export const ANN_STACK = 'kapstan.io/stack';
const HELM_RELEASE = 'meta.helm.sh/release-name';
const HELM_RELEASE_NS = 'meta.helm.sh/release-namespace';
const METADATA_ONLY = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';

export interface ForeignObject {
  entry: PlanEntry;
  /** Live metadata (PartialObjectMetadata: no data or spec is read). */
  live: any;
  /** The current owner, e.g. `stack "payments" (ApplySet parent Secret pay/kapstan-applyset-payments)`. */
  owner: string;
}

/** Field managers of the live object's own fields (status writers excluded). */
export function fieldManagers(live: any): string[] {
  const entries: any[] = live?.metadata?.managedFields ?? [];
  return [...new Set(entries.filter((e) => !e.subresource).map((e) => String(e.manager)))];
}

/**
 * Kapstan's own object outside the set: no part-of label, no Helm release, and only Kapstan's field
 * manager has written it (e.g. the stack namespace created before the apply that declares it).
 */
export function isOwnUnlisted(live: any, setId: string): boolean {
  const labels = live?.metadata?.labels ?? {};
  if (labels[LABEL_PART_OF]) return labels[LABEL_PART_OF] === setId;
  if (labels['app.kubernetes.io/managed-by'] === 'Helm' || live?.metadata?.annotations?.[HELM_RELEASE]) return false;
  const managers = fieldManagers(live);
  return managers.length > 0 && managers.every((m) => m === FIELD_MANAGER);
}

/** Describes the owner of a live object that is not ours; `parents` maps ApplySet ids to their parents. */
export function describeOwner(live: any, parents: Map<string, any>): string {
  const labels = live?.metadata?.labels ?? {};
  const ann = live?.metadata?.annotations ?? {};
  const setId = labels[LABEL_PART_OF];
  if (setId) {
    const p = parents.get(setId);
    if (!p) return `another ApplySet (${LABEL_PART_OF}=${setId})`;
    const where = `${p.kind ?? 'Secret'} ${p.metadata.namespace ? `${p.metadata.namespace}/` : ''}${p.metadata.name}`;
    const tooling = String(p.metadata.annotations?.[ANN_TOOLING] ?? '');
    if (tooling.startsWith('kapstan/')) {
      const stack = p.metadata.annotations?.[ANN_STACK] ?? p.metadata.name.replace(/^kapstan-applyset-/, '');
      return `stack "${stack}" (ApplySet parent ${where})`;
    }
    return `the ApplySet of ${where}${tooling ? ` (tooling ${tooling})` : ''}`;
  }
  if (labels['app.kubernetes.io/managed-by'] === 'Helm' || ann[HELM_RELEASE]) {
    return `Helm release "${ann[HELM_RELEASE] ?? '?'}"${ann[HELM_RELEASE_NS] ? ` in namespace ${ann[HELM_RELEASE_NS]}` : ''}`;
  }
  const managers = fieldManagers(live).filter((m) => m !== FIELD_MANAGER);
  if (!managers.length) return 'nobody Kapstan knows (no field manager recorded)';
  const tool = managers.some((m) => m.startsWith('kubectl')) ? 'kubectl' : 'another tool';
  return `${tool} (field manager${managers.length > 1 ? 's' : ''} ${managers.map((m) => `"${m}"`).join(', ')})`;
}

/** ApplySet parents (Secrets and ConfigMaps, as kubectl writes them) by id; empty when not allowed to list them. */
export async function listParents(client: KubeClient): Promise<Map<string, any>> {
  const out = new Map<string, any>();
  await Promise.all(['/api/v1/secrets', '/api/v1/configmaps'].map(async (path) => {
    const items = await client.list(path, { labelSelector: LABEL_ID }, { metadataOnly: true }).catch(() => []);
    for (const it of items) {
      it.kind = path.endsWith('secrets') ? 'Secret' : 'ConfigMap';
      out.set(it.metadata.labels[LABEL_ID], it);
    }
  }));
  return out;
}

/**
 * The declared objects that exist on the cluster without being members of this stack's set, each
 * with its owner. Reads metadata only: one list per kind and namespace with several candidates,
 * a GET for a lone one. Nothing is written.
 */
export async function findForeign(s: Session, entries: PlanEntry[]): Promise<ForeignObject[]> {
  const candidates = entries.filter((e) => !e.live && !s.discovery.isPendingCrdKind(e.target.manifest.apiVersion, e.target.manifest.kind));
  const byCollection = new Map<string, PlanEntry[]>();
  for (const e of candidates) {
    const path = collectionPath(e.target.type, e.target.manifest.metadata.namespace);
    if (!byCollection.has(path)) byCollection.set(path, []);
    byCollection.get(path)!.push(e);
  }
  const limit = pLimit(s.concurrency);
  const found: { entry: PlanEntry; live: any }[] = [];
  await Promise.all([...byCollection.entries()].map(([path, es]) => limit(async () => {
    // Listing a whole collection may be forbidden where reading the declared objects is not.
    const items = es.length > 3 ? await s.client.list(path, {}, { metadataOnly: true }).catch((err) => {
      if (err?.status === 403) return undefined;
      throw err;
    }) : undefined;
    if (items) {
      const byName = new Map(items.map((it: any) => [it.metadata.name, it]));
      for (const e of es) {
        const live = byName.get(e.target.manifest.metadata.name);
        if (live) found.push({ entry: e, live });
      }
      return;
    }
    for (const e of es) {
      const m = e.target.manifest;
      const live = await s.client.request('GET', objectPath(e.target.type, m.metadata.name, m.metadata.namespace), { allow: [404], accept: METADATA_ONLY });
      if (live) found.push({ entry: e, live });
    }
  })));
  const foreign = found.filter((f) => !isOwnUnlisted(f.live, s.inventory.id));
  if (!foreign.length) return [];
  const parents = foreign.some((f) => f.live.metadata?.labels?.[LABEL_PART_OF]) ? await listParents(s.client) : new Map();
  const order = new Map(entries.map((e, i) => [e.target.key, i]));
  return foreign
    .map((f) => ({ ...f, owner: describeOwner(f.live, parents) }))
    .sort((a, b) => order.get(a.entry.target.key)! - order.get(b.entry.target.key)!);
}
