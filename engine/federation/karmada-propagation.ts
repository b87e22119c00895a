// What Karmada did with each resource template, per member cluster, from its ResourceBinding:
// scheduled (spec.clusters, with the replicas each member got), applied (aggregatedStatus[].applied)
// and the member's own rollout (aggregatedStatus[].status: available replicas), plus the failing
// pod a member shows. Pure: the tracker (karmada-track.ts) feeds it what it read.
import type { PodProblem } from '../status/pod-problem';
import type { Status } from '../status';

/** Kinds whose replicas Karmada divides and whose members report available replicas. */
export const REPLICATED_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

/** Kinds that stay in the Karmada control plane: policies and the FederatedHPA are never propagated. */
export function isKarmadaControlObject(m: { apiVersion?: string }): boolean {
  const group = String(m.apiVersion ?? '').split('/')[0];
  return group === 'policy.karmada.io' || group === 'autoscaling.karmada.io';
}

export interface TemplateRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string | null;
}

/** One template in one member cluster. */
export interface PropagationRow {
  template: TemplateRef;
  cluster: string;
  status: Status;
  message: string;
  /** Replicas Karmada scheduled to this member (replicated kinds). */
  scheduled?: number;
  available?: number;
  applied: boolean;
  reason?: string;
  pod?: string;
}

export const templateId = (t: TemplateRef) => `${t.kind} ${t.namespace ? `${t.namespace}/` : ''}${t.name}`;
export const rowId = (t: TemplateRef, cluster: string) => `${templateId(t)} @${cluster}`;

/** The binding of a template: Karmada names it after the template, but spec.resource says which it is. */
export function findBinding(t: TemplateRef, bindings: any[]): any | undefined {
  return bindings.find((b) => {
    const r = b.spec?.resource ?? {};
    return r.kind === t.kind && r.name === t.name && (r.namespace ?? null) === (t.namespace ?? null) && r.apiVersion === t.apiVersion;
  });
}

const condition = (b: any, type: string) => (b?.status?.conditions ?? []).find((c: any) => c.type === type);

/**
 * Rows for one template in each of `clusters` (the members it may go to). A member Karmada did not
 * schedule it to (placement, or rescheduled away) is Current with nothing there.
 */
export function propagationRows(t: TemplateRef, binding: any | undefined, clusters: readonly string[], problems: ReadonlyMap<string, PodProblem | undefined> = new Map(), overridden: ReadonlyMap<string, number> = new Map(), templateGeneration?: number, unready: ReadonlyMap<string, string> = new Map()): PropagationRow[] {
  const replicated = REPLICATED_KINDS.has(t.kind);
  return clusters.map((cluster): PropagationRow => {
    const base = { template: t, cluster, applied: false };
    if (!binding) return { ...base, status: 'InProgress', message: 'waiting for Karmada to bind the template to a policy' };
    const scheduled = condition(binding, 'Scheduled');
    if (scheduled?.status !== 'True') {
      return { ...base, status: 'InProgress', message: scheduled?.message ? `not scheduled yet: ${scheduled.message}` : 'waiting for the Karmada scheduler' };
    }
    const target = (binding.spec?.clusters ?? []).find((c: any) => c.name === cluster);
    if (!target) return { ...base, status: 'Current', message: 'not placed in this cluster', scheduled: replicated ? 0 : undefined };
    // Duplicated placement with per-member counts (limits Karmada cannot express) sets them by override.
    const want: number | undefined = replicated ? overridden.get(cluster) ?? target.replicas ?? 0 : undefined;
    // Karmada's view of an unreachable member is its last: not something to call Current.
    const down = unready.get(cluster);
    if (down !== undefined) return { ...base, scheduled: want, status: 'InProgress', message: `member not Ready in Karmada: ${down}` };
    const agg = (binding.status?.aggregatedStatus ?? []).find((a: any) => a.clusterName === cluster);
    if (!agg?.applied) {
      const why = agg?.appliedMessage ? `: ${agg.appliedMessage}` : '';
      return { ...base, scheduled: want, status: 'InProgress', message: `scheduled${want === undefined ? '' : ` ${want} replicas`}, waiting for the work to be applied${why}` };
    }
    const problem = problems.get(cluster);
    if (!replicated) {
      const healthy = agg.health !== 'Unhealthy';
      return { ...base, applied: true, status: healthy ? 'Current' : 'InProgress', message: healthy ? 'applied' : 'applied, unhealthy in the member' };
    }
    const s = agg.status ?? {};
    const available: number = s.availableReplicas ?? 0;
    // The member's status must describe the current template, not the one before this apply.
    if (templateGeneration !== undefined && s.resourceTemplateGeneration !== undefined && s.resourceTemplateGeneration < templateGeneration) {
      return { ...base, applied: true, scheduled: want, available, status: 'InProgress', message: `${available}/${want} available, waiting for the member to take the new template` };
    }
    const settled = s.observedGeneration === undefined || s.generation === undefined || s.observedGeneration >= s.generation;
    const done = settled && available >= want! && (s.updatedReplicas ?? 0) >= want! && (s.replicas ?? 0) <= want!;
    if (done) return { ...base, applied: true, scheduled: want, available, status: 'Current', message: `${available}/${want} available` };
    const row: PropagationRow = { ...base, applied: true, scheduled: want, available, status: 'InProgress', message: `${available}/${want} available` };
    if (problem) {
      Object.assign(row, { reason: problem.reason, pod: problem.pod, message: `${row.message}; pod ${problem.pod}: ${problem.reason}${problem.message ? ` (${problem.message})` : ''}` });
      if (problem.certain) row.status = 'Failed';
    }
    return row;
  });
}

/** The members a policy of the Karmada stack may place a template on (clusterAffinity.clusterNames). */
export function policyClusters(policies: any[], t: TemplateRef, members: readonly string[]): string[] {
  const p = policies.find((x) => /PropagationPolicy$/.test(x.kind) && (x.spec?.resourceSelectors ?? []).some((s: any) =>
    s.kind === t.kind && s.name === t.name && s.apiVersion === t.apiVersion));
  const names: string[] | undefined = p?.spec?.placement?.clusterAffinity?.clusterNames;
  return names?.length ? members.filter((m) => names.includes(m)) : [...members];
}

/** Replicas an OverridePolicy of the stack sets per member (`/spec/replicas` plaintext overriders). */
export function overriddenReplicas(policies: any[], t: TemplateRef): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of policies.filter((x) => /OverridePolicy$/.test(x.kind))) {
    const selects = (p.spec?.resourceSelectors ?? []).some((s: any) => s.kind === t.kind && s.name === t.name && s.apiVersion === t.apiVersion);
    if (!selects) continue;
    for (const rule of p.spec?.overrideRules ?? []) {
      const op = (rule.overriders?.plaintext ?? []).find((o: any) => o.path === '/spec/replicas' && (o.operator === 'replace' || o.operator === 'add'));
      if (op && Number.isInteger(op.value)) for (const c of rule.targetCluster?.clusterNames ?? []) out.set(c, op.value);
    }
  }
  return out;
}
