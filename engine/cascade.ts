// What deleting a Namespace or a CRD takes with it: every object in the namespace, every custom
// resource of the CRD. Before such a deletion (prune with --prune-protected, destroy) the engine
// lists them; objects that are not members of the stack's set stop the deletion unless the user
// passed --cascade-foreign.
import pLimit from 'p-limit';
import { LABEL_PART_OF, stackSlug } from './applyset';
import type { KubeClient } from './client';
import { LABEL_HISTORY } from './history';
import { lockName } from './lock';
import { describeOwner, listParents } from './ownership';
import { apiPrefix, collectionPath, ResourceType } from './paths';
import type { Member } from './prune';
import type { Session } from './session';
import { objectLabel } from './targets';

export interface Cascade {
  /** The Namespace or CRD being deleted. */
  victim: Member;
  /** Members of the set that go with it. */
  members: number;
  /** Objects that are not members, each `Kind ns/name (owner)`. */
  foreign: string[];
}

// Made by the cluster itself in every namespace, or derived from other objects.
const DERIVED_KINDS = new Set(['Event', 'Endpoints', 'EndpointSlice']);
const CLUSTER_MADE = new Set(['ServiceAccount/default', 'ConfigMap/kube-root-ca.crt']);

/** Every namespaced resource type that can be listed and deleted, at each group's preferred version. */
async function namespacedTypes(client: KubeClient): Promise<ResourceType[]> {
  const groups = (await client.request('GET', '/apis'))?.groups ?? [];
  const gvs: { group: string; version: string }[] = [{ group: '', version: 'v1' }];
  for (const g of groups) if (g.preferredVersion?.version) gvs.push({ group: g.name, version: g.preferredVersion.version });
  const out: ResourceType[] = [];
  await Promise.all(gvs.map(async ({ group, version }) => {
    const list = await client.request('GET', apiPrefix(group, version), { allow: [404, 503] });
    for (const r of list?.resources ?? []) {
      if (r.name.includes('/') || !r.namespaced || !r.verbs?.includes('list') || !r.verbs?.includes('delete')) continue;
      out.push({ group, version, kind: r.kind, resource: r.name, namespaced: true });
    }
  }));
  return out;
}

/** Kapstan's own bookkeeping for this stack (parent, history, lock) is not foreign content. */
function isOwnBookkeeping(s: Session, type: ResourceType, it: any): boolean {
  const name = it.metadata?.name;
  if (it.metadata?.namespace !== s.namespace) return false;
  if (type.kind === 'Secret' && (name === s.inventory.name || it.metadata?.labels?.[LABEL_HISTORY] === stackSlug(s.source.stack))) return true;
  return type.kind === 'Lease' && name === lockName(s.source.stack);
}

/** The namespaces and CRDs among `remove`, each with what its deletion would also delete. */
export async function cascades(s: Session, remove: Member[]): Promise<Cascade[]> {
  const victims = remove.filter((m) => m.type.kind === 'Namespace' || (m.type.kind === 'CustomResourceDefinition' && m.type.group === 'apiextensions.k8s.io'));
  if (!victims.length) return [];
  const limit = pLimit(s.concurrency);
  const found = new Map<Member, { type: ResourceType; it: any }[]>();
  const unseen = new Map<Member, string[]>(victims.map((v) => [v, []]));
  const types = victims.some((v) => v.type.kind === 'Namespace') ? await namespacedTypes(s.client) : [];
  await Promise.all(victims.map(async (v) => {
    const items: { type: ResourceType; it: any }[] = [];
    let lists: { type: ResourceType; path: string }[];
    if (v.type.kind === 'Namespace') {
      lists = types.map((t) => ({ type: t, path: collectionPath(t, v.obj.metadata.name) }));
    } else {
      const spec = v.obj.spec ?? {};
      const version = (spec.versions ?? []).find((x: any) => x.served !== false)?.name;
      if (!version) lists = [];
      else {
        const t: ResourceType = { group: spec.group, version, kind: spec.names?.kind, resource: spec.names?.plural, namespaced: spec.scope !== 'Cluster' };
        lists = [{ type: t, path: collectionPath(t) }];
      }
    }
    await Promise.all(lists.map(({ type, path }) => limit(async () => {
      const got = await s.client.list(path, {}, { metadataOnly: true }).catch((err) => {
        if (err?.status === 404 || err?.status === 405) return [];
        // Content that cannot be seen cannot be shown to be ours: it counts as foreign.
        if (err?.status === 403) {
          unseen.get(v)!.push(`${type.resource}${type.group ? `.${type.group}` : ''} (not allowed to list them: cannot tell what would be deleted)`);
          return [];
        }
        throw err;
      });
      for (const it of got) items.push({ type, it });
    })));
    found.set(v, items);
  }));
  const parents = await listParents(s.client);
  return victims.map((victim) => {
    let members = 0;
    const foreign: string[] = [...unseen.get(victim)!];
    for (const { type, it } of found.get(victim) ?? []) {
      if (it.metadata?.labels?.[LABEL_PART_OF] === s.inventory.id) { members++; continue; }
      if (it.metadata?.ownerReferences?.length) continue; // goes with its owner, which is listed itself
      if (DERIVED_KINDS.has(type.kind) || CLUSTER_MADE.has(`${type.kind}/${it.metadata?.name}`) || isOwnBookkeeping(s, type, it)) continue;
      foreign.push(`${objectLabel(type.kind, it.metadata?.namespace, it.metadata?.name)} (${describeOwner(it, parents)})`);
    }
    return { victim, members, foreign: foreign.sort() };
  });
}

/** The lines that tell the user what each deletion takes with it. */
export function describeCascade(c: Cascade, stack: string): string {
  const what = objectLabel(c.victim.type.kind, c.victim.obj.metadata.namespace, c.victim.obj.metadata.name);
  if (!c.foreign.length) return `${what}: deleting it also deletes ${c.members} member(s) of stack ${stack}, nothing else`;
  return `${what}: deleting it would also delete ${c.foreign.length} object(s) that are not members of stack ${stack}` +
    `${c.members ? ` (and ${c.members} member(s))` : ''}: ${c.foreign.join(', ')}`;
}

/**
 * Prints what deleting `remove` takes with it; returns the refusal (nothing may be deleted) when
 * objects that are not members would go too and `cascadeForeign` was not given.
 */
export async function refuseCascade(s: Session, remove: Member[], cascadeForeign: boolean): Promise<string | undefined> {
  const found = await cascades(s, remove);
  for (const c of found) (c.foreign.length ? s.out.warn.bind(s.out) : s.out.line.bind(s.out))(describeCascade(c, s.source.stack));
  const foreign = found.filter((c) => c.foreign.length);
  if (!foreign.length || cascadeForeign) return undefined;
  return `refusing to delete ${foreign.map((c) => objectLabel(c.victim.type.kind, undefined, c.victim.obj.metadata.name)).join(', ')}: ` +
    'objects that are not members of the stack would be deleted with it (listed above); nothing was deleted. ' +
    'Move or delete them first, or rerun with --cascade-foreign to delete them too.';
}
