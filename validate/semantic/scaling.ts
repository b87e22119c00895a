import type { Reporter } from '../context';
import type { AppIndex } from './app-index';
import { selectorMatches, type LabelSelector } from './labels';
import { namespaceOf, podTemplate, type PodTemplate } from './pods';

const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

/** Replicas a workload runs: an autoscaler's minimum when one targets it, else spec.replicas (default 1). */
function replicasOf(index: AppIndex, t: PodTemplate, minByTarget: Map<string, number>): number | undefined {
  if (!SCALABLE.has(t.kind)) return undefined; // DaemonSets and Jobs: no fixed count
  const min = minByTarget.get(`${t.obj.stack}/${t.namespace}/${t.kind}/${t.name}`);
  if (min !== undefined) return min;
  const r = t.obj.manifest.spec?.replicas;
  return typeof r === 'number' ? r : 1;
}

/** The pods a PDB may keep down, from its minAvailable/maxUnavailable and the replicas it covers. */
function allowedDisruptions(spec: Record<string, any>, replicas: number): number | undefined {
  const value = (v: unknown, roundUp: boolean): number | undefined => {
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && /^\d+%$/.test(v)) {
      const exact = (Number(v.slice(0, -1)) * replicas) / 100;
      return roundUp ? Math.ceil(exact) : Math.floor(exact);
    }
    return undefined;
  };
  if (spec.maxUnavailable !== undefined) return value(spec.maxUnavailable, true);
  if (spec.minAvailable !== undefined) {
    const min = value(spec.minAvailable, true);
    return min === undefined ? undefined : replicas - min;
  }
  return undefined;
}

/**
 * Autoscalers target a workload the stack declares; a disruption budget leaves at least one pod
 * evictable, or no node running its pods could ever be drained.
 */
export function checkScaling(index: AppIndex, reporter: Reporter): void {
  const minByTarget = new Map<string, number>();
  for (const obj of index.objects) {
    const m = obj.manifest;
    if (m?.kind !== 'HorizontalPodAutoscaler' || !String(m.apiVersion).startsWith('autoscaling/')) continue;
    const ref = m.spec?.scaleTargetRef;
    if (!ref || typeof ref.name !== 'string' || typeof ref.kind !== 'string') continue;
    const ns = namespaceOf(m);
    const target = index.get(obj.stack, ref.kind, ns, ref.name);
    if (!target) {
      reporter.report(obj, 'scale-target', ['spec', 'scaleTargetRef'], `${ref.kind} "${ref.name}" is not declared in the app in namespace "${ns}"`);
      continue;
    }
    if (!podTemplate(target)) {
      reporter.report(obj, 'scale-target', ['spec', 'scaleTargetRef', 'kind'], `${ref.kind} "${ref.name}" has no pods to scale`);
      continue;
    }
    minByTarget.set(`${obj.stack}/${ns}/${ref.kind}/${ref.name}`, typeof m.spec?.minReplicas === 'number' ? m.spec.minReplicas : 1);
  }
  for (const obj of index.objects) {
    const m = obj.manifest;
    if (m?.kind !== 'PodDisruptionBudget' || !m.spec?.selector || typeof m.spec.selector !== 'object') continue;
    const pods = index.podsSelectedBy(obj.stack, namespaceOf(m), m.spec.selector as LabelSelector)
      .filter((t) => selectorMatches(m.spec.selector, t.labels));
    if (pods.length === 0) continue; // selecting nothing is the service-selector rule's finding
    const counts = pods.map((t) => replicasOf(index, t, minByTarget));
    if (counts.some((c) => c === undefined)) continue;
    const replicas = counts.reduce((a, b) => a! + b!, 0)!;
    const allowed = allowedDisruptions(m.spec, replicas);
    if (allowed !== undefined && allowed <= 0) {
      const field = m.spec.maxUnavailable !== undefined ? ['spec', 'maxUnavailable'] : ['spec', 'minAvailable'];
      reporter.report(obj, 'disruption-budget', field,
        `allows no eviction: it covers ${replicas} replica${replicas === 1 ? '' : 's'} (${pods.map((t) => `${t.kind} ${t.name}`).join(', ')}), so no node running them can be drained`);
    }
  }
}
