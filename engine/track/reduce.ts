// What the tracker keeps of a watched object. It holds every tracked object and a namespace's pods,
// ReplicaSets and events for the whole rollout (20,000 Deployments: 20,000 ReplicaSets and as many
// events), so it keeps only what status rules read: no managedFields (often half of an object),
// no pod template (a workload's, a ReplicaSet's, a CronJob's job template: rules read replica
// counts and strategies, pods are watched themselves), no ConfigMap or Secret data (a Secret's
// values then never sit in the tracker either), no kubectl last-applied annotation. The copy is
// new: the parsed event dies young instead of living in the old generation until it is replaced.
import type { KObject } from '../status';
import { AUTOSCALER_NORMAL_REASONS } from '../status/capacity';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const DROPPED = new Set(['data', 'binaryData', 'stringData']);
const DROPPED_FROM_SPEC = new Set(['template', 'jobTemplate']);

export function reducedForTracking(obj: KObject): KObject {
  if (!obj || typeof obj !== 'object') return obj;
  const out: KObject = {};
  for (const [k, v] of Object.entries(obj)) {
    if (DROPPED.has(k)) continue;
    if (k === 'metadata') out.metadata = reducedMetadata(v);
    else if (k === 'spec' && v && typeof v === 'object') out.spec = without(v, DROPPED_FROM_SPEC);
    else out[k] = v;
  }
  return out;
}

function reducedMetadata(meta: any): any {
  if (!meta || typeof meta !== 'object') return meta;
  const { managedFields: _managed, ...rest } = meta;
  if (rest.annotations && LAST_APPLIED in rest.annotations) {
    const { [LAST_APPLIED]: _lastApplied, ...annotations } = rest.annotations;
    rest.annotations = annotations;
  }
  return rest;
}

function without(o: Record<string, unknown>, keys: ReadonlySet<string>): Record<string, unknown> {
  if (!Object.keys(o).some((k) => keys.has(k))) return o;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (!keys.has(k)) out[k] = v;
  return out;
}

// Autoscalers report on pending pods in Normal events (engine/status/capacity.ts); every other
// Normal event (a Deployment's ScalingReplicaSet, a pod's Scheduled, Pulled…) is read by no rule.

/** Whether the tracker keeps a watched event: Warnings, and the Normal ones a rule reads. */
export function eventMatters(e: KObject): boolean {
  return e?.type !== 'Normal' || AUTOSCALER_NORMAL_REASONS.has(e.reason);
}
