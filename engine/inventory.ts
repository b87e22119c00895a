// Reading and updating the ApplySet parent Secret, and listing the set's live members.
import {
  ANN_GROUP_KINDS, ANN_NAMESPACES, ANN_TOOLING, LABEL_ID, applySetId, formatList, groupKind, legacyParentName, parentName, parseList,
} from './applyset';
import pLimit from 'p-limit';
import type { KubeClient } from './client';
import type { Discovery } from './discovery';
import { collectionPath, ResourceType } from './paths';
import { objectKey } from './targets';
import { KAPSTAN_VERSION as VERSION } from '../version';
import { ANN_STACK } from './ownership';

export interface Inventory {
  /** The full stack name (the parent's name may carry a shortened form). */
  stack?: string;
  name: string;
  namespace: string;
  id: string;
  /** Group kinds recorded on the cluster (previous applies). */
  groupKinds: string[];
  /** Namespaces other than the parent's recorded on the cluster. */
  namespaces: string[];
  exists: boolean;
  /**
   * A set recorded by Kapstan 0.1 under a shortened stack name, found when this stack has no
   * parent of its own yet. Its name may have been shared by stacks whose names begin alike, so
   * its members are claimed only where this stack declares them, and never pruned.
   */
  legacy?: { name: string; id: string };
}

const SECRET_PATH = (ns: string) => `/api/v1/namespaces/${encodeURIComponent(ns)}/secrets`;

export async function readInventory(client: KubeClient, stack: string, namespace: string): Promise<Inventory> {
  const name = parentName(stack);
  const id = applySetId(name, namespace);
  const live = await client.request('GET', `${SECRET_PATH(namespace)}/${name}`, { allow: [404] });
  const ann = live?.metadata?.annotations ?? {};
  if (live && live.metadata?.labels?.[LABEL_ID] !== id) {
    throw new Error(`Secret ${namespace}/${name} exists but is not this stack's ApplySet parent (label ${LABEL_ID} is not ${id}); refusing to touch it`);
  }
  const inv: Inventory = { stack, name, namespace, id, groupKinds: parseList(ann[ANN_GROUP_KINDS]), namespaces: parseList(ann[ANN_NAMESPACES]), exists: !!live };
  const legacyName = legacyParentName(stack);
  if (!live && legacyName !== name) {
    const old = await client.request('GET', `${SECRET_PATH(namespace)}/${legacyName}`, { allow: [404] });
    const legacyId = applySetId(legacyName, namespace);
    if (old && old.metadata?.labels?.[LABEL_ID] === legacyId) {
      inv.legacy = { name: legacyName, id: legacyId };
      // Search the kinds and namespaces it recorded, and record them in the new parent.
      inv.groupKinds = parseList(old.metadata.annotations?.[ANN_GROUP_KINDS]);
      inv.namespaces = parseList(old.metadata.annotations?.[ANN_NAMESPACES]);
    }
  }
  return inv;
}

/** Writes the parent with the given group kinds and namespaces (server-side apply, idempotent). */
export async function writeInventory(client: KubeClient, inv: Inventory, groupKinds: Iterable<string>, namespaces: Iterable<string>, skipIfSame = false): Promise<void> {
  const gks = formatList(groupKinds);
  const nss = formatList([...namespaces].filter((n) => n && n !== inv.namespace));
  if (skipIfSame && inv.exists && gks === formatList(inv.groupKinds) && nss === formatList(inv.namespaces)) return;
  const body = {
    apiVersion: 'v1', kind: 'Secret', type: 'kapstan.io/applyset',
    metadata: {
      name: inv.name, namespace: inv.namespace,
      labels: { [LABEL_ID]: inv.id, 'app.kubernetes.io/managed-by': 'kapstan' },
      annotations: { [ANN_TOOLING]: `kapstan/v${VERSION}`, [ANN_GROUP_KINDS]: gks, [ANN_NAMESPACES]: nss, ...(inv.stack ? { [ANN_STACK]: inv.stack } : {}) },
    },
  };
  await client.request('PATCH', `${SECRET_PATH(inv.namespace)}/${inv.name}`, {
    body, contentType: 'application/apply-patch+yaml', query: { fieldManager: 'kapstan', force: true },
  });
  inv.groupKinds = parseList(gks);
  inv.namespaces = parseList(nss);
  inv.exists = true;
}

export interface MemberScope {
  types: ResourceType[];
  namespaces: string[];
}

/** Every group kind and namespace to search for members: recorded on the cluster plus desired. */
export async function memberScope(discovery: Discovery, inv: Inventory, desired: { type: ResourceType; manifest: any }[]): Promise<MemberScope> {
  const types = new Map<string, ResourceType>();
  for (const t of desired) types.set(groupKind(t.manifest.apiVersion, t.manifest.kind), t.type);
  for (const gk of inv.groupKinds) {
    if (types.has(gk)) continue;
    const t = await discovery.resolveGroupKind(gk);
    if (t) types.set(gk, t);
  }
  const namespaces = new Set<string>([inv.namespace, ...inv.namespaces]);
  for (const t of desired) if (t.manifest.metadata.namespace) namespaces.add(t.manifest.metadata.namespace);
  return { types: [...types.values()], namespaces: [...namespaces] };
}

/** Lists the live members (by part-of label), one list per kind and namespace. Keyed like targets. */
export async function listMembers(client: KubeClient, scope: MemberScope, id: string, concurrency = 8,
  skip?: (t: ResourceType) => boolean): Promise<Map<string, { obj: any; type: ResourceType }>> {
  const limit = pLimit(concurrency);
  const jobs: Promise<void>[] = [];
  const out = new Map<string, { obj: any; type: ResourceType }>();
  const selector = `applyset.kubernetes.io/part-of=${id}`;
  for (const type of scope.types) {
    if (skip?.(type)) continue;
    const nss = type.namespaced ? scope.namespaces : [undefined];
    for (const ns of nss) {
      jobs.push(limit(async () => {
        const items = await client.list(collectionPath(type, ns), { labelSelector: selector });
        const apiVersion = type.group ? `${type.group}/${type.version}` : type.version;
        for (const it of items) {
          it.apiVersion = apiVersion;
          it.kind = type.kind;
          out.set(objectKey(apiVersion, type.kind, it.metadata.namespace, it.metadata.name), { obj: it, type });
        }
      }));
    }
  }
  await Promise.all(jobs);
  return out;
}
