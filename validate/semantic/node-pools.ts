import type { Reporter } from '../context';
import type { NodePool } from '../options';
import type { AppIndex } from './app-index';

const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);

/** Why a pod spec cannot run on a pool's nodes, or undefined when it can. */
function misfit(spec: Record<string, any>, pool: NodePool): string | undefined {
  const labels = pool.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) {
    if (labels[k] !== v) return `nodeSelector ${k}=${String(v)} (pool has ${k in labels ? `${k}=${labels[k]}` : `no ${k}`})`;
  }
  const terms = list(spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms);
  if (terms.length && !terms.some((t) => list(t?.matchExpressions).every((e) => expressionHolds(e, labels)))) {
    return 'required node affinity';
  }
  const tolerations = list(spec.tolerations);
  for (const taint of pool.taints ?? []) {
    if (taint.effect === 'PreferNoSchedule') continue;
    if (!tolerations.some((t) => tolerates(t, taint))) return `taint ${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect} is not tolerated`;
  }
  return undefined;
}

function expressionHolds(e: any, labels: Record<string, string>): boolean {
  const has = typeof e?.key === 'string' && e.key in labels;
  const v = has ? labels[e.key] : undefined;
  const values = list(e?.values).map(String);
  switch (e?.operator) {
    case 'In': return has && values.includes(v!);
    case 'NotIn': return !has || !values.includes(v!);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'Gt': return has && Number(v) > Number(values[0]);
    case 'Lt': return has && Number(v) < Number(values[0]);
    default: return true;
  }
}

function tolerates(t: any, taint: NonNullable<NodePool['taints']>[number]): boolean {
  if (t?.effect && t.effect !== taint.effect) return false;
  if (!t?.key) return t?.operator === 'Exists';
  if (t.key !== taint.key) return false;
  return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
}

/**
 * When the stack declares its node pools (`nodePools`), every pod template fits at least one of
 * them: its node selector and required node affinity match the pool's labels and it tolerates the
 * pool's NoSchedule/NoExecute taints. Otherwise its pods stay Pending.
 */
export function checkNodePools(index: AppIndex, pools: NodePool[] | undefined, reporter: Reporter): void {
  if (!pools?.length) return;
  for (const t of index.templates) {
    const reasons = pools.map((p) => ({ pool: p.name, why: misfit(t.spec, p) }));
    if (reasons.some((r) => r.why === undefined)) continue;
    const field = t.spec.nodeSelector ? 'nodeSelector' : t.spec.affinity?.nodeAffinity ? 'affinity' : 'tolerations';
    reporter.report(t.obj, 'node-pool', [...t.specPath, field],
      `no declared node pool can run these pods: ${reasons.map((r) => `${r.pool}: ${r.why}`).join('; ')}`);
  }
}
