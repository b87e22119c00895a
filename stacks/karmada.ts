import { createHash } from 'crypto';
import type { Operation } from 'fast-json-patch';
import { applyDefaults, type StackDefaults } from '../synth/normalize';
import type { Problem, SynthObject } from '../synth/types';
import type { CrdSchema } from '../validate';
import type { ObjectPlan, ResolvedMember } from './federation';

// The same placement and overrides as Karmada policies (policy.karmada.io/v1alpha1), for teams
// that run Karmada: the objects are written as resource templates next to
// (Cluster)PropagationPolicy and (Cluster)OverridePolicy objects.

export const KARMADA_API = 'policy.karmada.io/v1alpha1';

/** Loose schemas so validation knows the generated Karmada kinds (Kapstan builds them itself). */
export const KARMADA_CRDS: CrdSchema[] = ['PropagationPolicy', 'ClusterPropagationPolicy', 'OverridePolicy', 'ClusterOverridePolicy'].map((kind) => ({
  group: 'policy.karmada.io',
  version: 'v1alpha1',
  kind,
  schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
}));

/** Resource templates plus the policies that place and override them. */
export function karmadaObjects(fed: string, members: readonly ResolvedMember[], plans: readonly ObjectPlan[], defaults: StackDefaults, problems: Problem[]): SynthObject[] {
  const templates = plans.map((p) => ({ ...p.object, manifest: structuredClone(p.object.manifest) }));
  const policies: SynthObject[] = [];
  // A generated policy object: namespaced kinds carry the namespace, Cluster* kinds have none.
  const policy = (kind: string, name: string, namespace: string | undefined, spec: Record<string, any>): SynthObject => ({
    path: `${fed}/karmada/${kind}/${name}`,
    stack: '',
    manifest: { apiVersion: KARMADA_API, kind, metadata: { name, ...(namespace ? { namespace } : {}) }, spec },
  });
  // Different placements can slug to the same name (`web/a-b`, `web-a/b`): keep names unique.
  const used = new Set<string>();
  const uniqueName = (text: string, scope: string, path: string) => {
    let name = dnsName(text);
    if (used.has(`${scope}/${name}`)) name = dnsName(`${text}-${createHash('sha256').update(path).digest('hex').slice(0, 8)}`);
    used.add(`${scope}/${name}`);
    return name;
  };

  // One propagation policy per placement and namespace (cluster-wide for objects without one).
  const groups = new Map<string, ObjectPlan[]>();
  for (const p of plans) {
    const key = `${p.placementPath}\u0000${p.object.manifest.metadata?.namespace ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  for (const group of groups.values()) {
    const first = group[0];
    const namespace: string | undefined = first.object.manifest.metadata?.namespace;
    const kind = namespace ? 'PropagationPolicy' : 'ClusterPropagationPolicy';
    const name = uniqueName(`${fed}-${relative(fed, first.placementPath) || 'default'}`, `${kind}/${namespace}`, first.placementPath);
    policies.push(policy(kind, name, namespace, {
      resourceSelectors: group.map(({ object: { manifest: m } }) => ({ apiVersion: m.apiVersion, kind: m.kind, name: m.metadata.name })),
      placement: {
        clusterAffinity: { clusterNames: [...first.clusters] },
        replicaScheduling: replicaScheduling(first, members),
      },
    }));
  }

  // One override policy per object whose manifest differs between clusters.
  for (const p of plans) {
    const perCluster = new Map<string, Operation[]>();
    for (const cluster of p.clusters) {
      const ops = (p.ops.get(cluster) ?? []).flatMap((o) => o.ops);
      // Divided replicas Karmada cannot express (limits, zero weights) become fixed counts.
      if (p.divided && !isNative(p, members)) ops.unshift({ op: 'replace', path: '/spec/replicas', value: p.divided.get(cluster)! });
      if (ops.length) perCluster.set(cluster, ops);
    }
    if (perCluster.size === 0) continue;
    const m = p.object.manifest;
    const namespace: string | undefined = m.metadata?.namespace;
    const kind = namespace ? 'OverridePolicy' : 'ClusterOverridePolicy';
    const name = dnsName(`${fed}-${m.kind.toLowerCase()}-${m.metadata.name}`);
    const rules = [...perCluster].map(([cluster, ops]) => ({
      targetCluster: { clusterNames: [cluster] },
      overriders: { plaintext: ops.map((op) => plaintext(op, p.object.path, cluster, problems)).filter((x) => x !== undefined) },
    }));
    policies.push(policy(kind, name, namespace, {
      resourceSelectors: [{ apiVersion: m.apiVersion, kind: m.kind, name: m.metadata.name }],
      overrideRules: rules,
    }));
  }
  const scopes = new Map<string, string>();
  for (const p of policies) applyDefaults(p.manifest, { ...defaults, namespace: undefined }, scopes);
  return [...templates, ...policies];
}

/** Karmada's own weighted division fits when every selected cluster has a weight and no limits apply. */
function isNative(p: ObjectPlan, members: readonly ResolvedMember[]): boolean {
  const r = p.placement.replicas;
  if (r?.type !== 'Divided') return true;
  const noLimits = Object.keys(r.limits ?? {}).length === 0;
  return noLimits && members.filter((m) => p.clusters.includes(m.name)).every((m) => m.weight > 0);
}

function replicaScheduling(p: ObjectPlan, members: readonly ResolvedMember[]): Record<string, unknown> {
  if (p.placement.replicas?.type !== 'Divided' || !isNative(p, members)) return { replicaSchedulingType: 'Duplicated' };
  return {
    replicaSchedulingType: 'Divided',
    replicaDivisionPreference: 'Weighted',
    weightPreference: {
      staticWeightList: members
        .filter((m) => p.clusters.includes(m.name))
        .map((m) => ({ targetCluster: { clusterNames: [m.name] }, weight: m.weight })),
    },
  };
}

/** A JSON patch operation as a Karmada plaintext overrider (only add, remove and replace exist there). */
function plaintext(op: Operation, path: string, cluster: string, problems: Problem[]) {
  if (op.op === 'add' || op.op === 'replace') return { path: op.path, operator: op.op, value: op.value };
  if (op.op === 'remove') return { path: op.path, operator: 'remove' };
  problems.push({ severity: 'error', rule: 'federation/karmada', path, field: 'overrides', message: `in cluster ${cluster}: Karmada overriders cannot express the '${op.op}' operation on ${op.path}` });
  return undefined;
}

function relative(fed: string, path: string): string {
  return path === fed ? '' : path.startsWith(`${fed}/`) ? path.slice(fed.length + 1) : path;
}

/** A DNS-1123 label from any text; long names keep a hash of the full text to stay unique. */
export function dnsName(text: string): string {
  const slug = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length <= 63) return slug;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 8);
  return `${slug.slice(0, 54).replace(/-+$/, '')}-${hash}`;
}
