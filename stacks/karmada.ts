import { createHash } from 'crypto';
import type { Operation } from 'fast-json-patch';
import { applyDefaults, type StackDefaults } from '../synth/normalize';
import type { Problem, SynthObject } from '../synth/types';
import type { CrdSchema } from '../validate';
import type { ObjectPlan, ResolvedMember } from './federation';

// The same placement and overrides as Karmada policies (policy.karmada.io/v1alpha1), for teams
// that run Karmada: the objects are written as resource templates next to
// (Cluster)PropagationPolicy and (Cluster)OverridePolicy objects. An autoscaler whose workload
// Karmada divides becomes a FederatedHPA (autoscaling.karmada.io/v1alpha1).

export const KARMADA_API = 'policy.karmada.io/v1alpha1';
export const KARMADA_AUTOSCALING_API = 'autoscaling.karmada.io/v1alpha1';

const loose = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } as const;

/** Schemas so validation knows the generated Karmada kinds (Kapstan builds them itself, so they stay loose). */
export const KARMADA_CRDS: CrdSchema[] = [
  ...['PropagationPolicy', 'ClusterPropagationPolicy', 'OverridePolicy', 'ClusterOverridePolicy'].map((kind) => ({
    group: 'policy.karmada.io', version: 'v1alpha1', kind, schema: loose,
  })),
  {
    // The fields of Karmada's FederatedHPASpec; metrics and behavior are HPA v2 types, not checked here.
    group: 'autoscaling.karmada.io', version: 'v1alpha1', kind: 'FederatedHPA',
    schema: {
      type: 'object',
      required: ['spec'],
      properties: {
        spec: {
          type: 'object',
          required: ['scaleTargetRef', 'maxReplicas'],
          properties: {
            scaleTargetRef: {
              type: 'object',
              required: ['kind', 'name'],
              properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' } },
            },
            minReplicas: { type: 'integer', minimum: 0 },
            maxReplicas: { type: 'integer', minimum: 1 },
            metrics: { type: 'array', items: loose },
            behavior: loose,
          },
        },
        status: loose,
      },
    },
  },
];

/** Resource templates plus the policies that place and override them. */
export function karmadaObjects(fed: string, members: readonly ResolvedMember[], plans: readonly ObjectPlan[], defaults: StackDefaults, problems: Problem[]): SynthObject[] {
  // An autoscaler that becomes a FederatedHPA takes the HPA's place and is not propagated:
  // member HPAs would fight the FederatedHPA over the same replicas.
  const federated = new Set(plans.filter((p) => isFederatedAutoscaler(p, plans, members)));
  const templates = plans.map((p) => ({
    ...p.object,
    manifest: federated.has(p) ? federatedHpa(p.object.manifest) : skipAutoPropagation(structuredClone(p.object.manifest)),
  }));
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
    if (federated.has(p)) continue;
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
    if (federated.has(p)) {
      // The FederatedHPA exists once, in the control plane: there is no per-cluster copy to change.
      const clusters = p.clusters.filter((c) => p.ops.get(c)?.length);
      if (clusters.length) problems.push({ severity: 'warning', rule: 'federation/karmada', path: p.object.path, field: 'overrides', message: `the overrides for ${clusters.join(', ')} are not in the Karmada output: the autoscaler becomes one FederatedHPA in the Karmada control plane` });
      continue;
    }
    const perCluster = new Map<string, Operation[]>();
    for (const cluster of p.clusters) {
      const ops = (p.ops.get(cluster) ?? []).flatMap((o) => o.ops);
      // Divided replicas Karmada cannot express (limits, zero weights) become fixed counts.
      if (p.divided && !isNative(p, members)) ops.unshift({ op: 'replace', path: '/spec/replicas', value: p.divided.get(cluster)! });
      // So do the bounds of an autoscaler left to member HPAs, as in the member stacks.
      const bounds = p.autoscaler?.get(cluster);
      if (bounds) {
        ops.unshift(
          { op: p.object.manifest.spec?.minReplicas === undefined ? 'add' : 'replace', path: '/spec/minReplicas', value: bounds.minReplicas },
          { op: 'replace', path: '/spec/maxReplicas', value: bounds.maxReplicas },
        );
      }
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

/**
 * Karmada's namespace controller copies every namespace to every member, whatever its policy says
 * (a namespace placed on two of three members showed up in all three, and its binding never got a
 * status as both wrote the same Work). Kapstan places each declared Namespace itself, so it opts
 * out with Karmada's label; the stack's own namespace, which Kapstan does not declare, still
 * reaches every member.
 */
export const SKIP_AUTO_PROPAGATION = 'namespace.karmada.io/skip-auto-propagation';

function skipAutoPropagation(m: Record<string, any>): Record<string, any> {
  if (m.kind === 'Namespace' && m.apiVersion === 'v1') (m.metadata ??= {}).labels = { ...m.metadata.labels, [SKIP_AUTO_PROPAGATION]: 'true' };
  return m;
}

/**
 * An autoscaler placed Divided, on a workload Karmada divides itself (or one not in the app),
 * becomes a FederatedHPA: it scales the template's total and Karmada's weights split it, as
 * Kapstan splits the bounds in the member stacks. Otherwise the HPA goes to the members.
 */
function isFederatedAutoscaler(p: ObjectPlan, plans: readonly ObjectPlan[], members: readonly ResolvedMember[]): boolean {
  if (!p.autoscaler || !isNative(p, members)) return false;
  const m = p.object.manifest;
  const ref = m.spec?.scaleTargetRef;
  const target = plans.find(({ object: { manifest: t } }) =>
    t.kind === ref?.kind && t.metadata?.name === ref?.name && t.metadata?.namespace === m.metadata?.namespace);
  return !target || (target.placement.replicas?.type === 'Divided' && isNative(target, members));
}

/** The autoscaler as a FederatedHPA: the same target, bounds (the federation-wide totals), metrics and behavior. */
function federatedHpa(hpa: Record<string, any>): Record<string, any> {
  const s = hpa.spec ?? {};
  // autoscaling/v1 has only a CPU target; FederatedHPA takes v2 metrics (without any: 80% CPU, as v1).
  const cpu = s.targetCPUUtilizationPercentage;
  const metrics = s.metrics ?? (cpu === undefined ? undefined : [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } }]);
  return structuredClone({
    apiVersion: KARMADA_AUTOSCALING_API,
    kind: 'FederatedHPA',
    metadata: hpa.metadata,
    spec: {
      scaleTargetRef: s.scaleTargetRef,
      ...(s.minReplicas === undefined ? {} : { minReplicas: s.minReplicas }),
      maxReplicas: s.maxReplicas,
      ...(metrics === undefined ? {} : { metrics }),
      ...(s.behavior === undefined ? {} : { behavior: s.behavior }),
    },
  });
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
