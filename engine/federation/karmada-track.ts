// Tracking a federation through Karmada: reads the templates' bindings from the Karmada API
// server and, for a member whose replicas are not all available, the member's pods through
// Karmada's cluster proxy (so only the Karmada kubeconfig is needed), until every template is
// Current in every member it is scheduled to, one fails for certain, or the timeout passes.
import type { KubeClient } from '../client';
import { podProblem, type PodProblem } from '../status/pod-problem';
import type { ObjectOutcome, ObjectState, TrackReporter, TrackResult } from '../track/types';
import { findBinding, overriddenReplicas, policyClusters, propagationRows, REPLICATED_KINDS, rowId, type PropagationRow, type TemplateRef } from './karmada-propagation';

export interface PropagationOptions {
  timeoutMs: number;
  /** Stop at the first certain failure (a pod in ImagePullBackOff …). */
  failFast?: boolean;
  /** One snapshot, no waiting (status). */
  once?: boolean;
  signal?: AbortSignal;
  reporter: TrackReporter;
  pollMs?: number;
}

export interface PropagationResult extends TrackResult {
  rows: PropagationRow[];
}

const CLUSTERS = '/apis/cluster.karmada.io/v1alpha1/clusters';

/** Registered members (Karmada Cluster names). */
export async function karmadaClusters(client: KubeClient): Promise<string[]> {
  return (await client.list(CLUSTERS)).map((c) => c.metadata.name).sort();
}

/** Registered members whose Ready condition is not True, with Karmada's reason. */
function unreadyClusters(clusters: any[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of clusters) {
    const ready = (c.status?.conditions ?? []).find((x: any) => x.type === 'Ready');
    if (ready?.status !== 'True') out.set(c.metadata.name, ready?.message || ready?.reason || 'no Ready condition yet');
  }
  return out;
}

async function bindings(client: KubeClient, namespaces: string[]): Promise<any[]> {
  const namespaced = await Promise.all(namespaces.map((ns) => client.list(`/apis/work.karmada.io/v1alpha2/namespaces/${ns}/resourcebindings`)));
  const cluster = await client.list('/apis/work.karmada.io/v1alpha2/clusterresourcebindings');
  return [...namespaced.flat(), ...cluster];
}

/**
 * The first failing pod of a workload's current revision in one member, read through Karmada's
 * cluster proxy. Pods of the revision being replaced are left out: right after a fix the broken
 * pods are still there, and they are not what the rollout waits for.
 */
async function memberPodProblem(client: KubeClient, cluster: string, template: any): Promise<PodProblem | undefined> {
  const labels: Record<string, string> = template.spec?.selector?.matchLabels ?? {};
  const selector = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
  if (!selector) return undefined;
  const ns = template.metadata.namespace;
  const proxy = `${CLUSTERS}/${cluster}/proxy`;
  let current: Record<string, string> = {};
  if (template.kind === 'Deployment' || template.kind === 'StatefulSet') {
    const plural = template.kind === 'Deployment' ? 'deployments' : 'statefulsets';
    const live = await client.request('GET', `${proxy}/apis/apps/v1/namespaces/${ns}/${plural}/${template.metadata.name}`, { allow: [404] });
    if (!live || (live.status?.observedGeneration ?? 0) < (live.metadata?.generation ?? 0)) return undefined;
    if (template.kind === 'StatefulSet') {
      if (!live.status?.updateRevision) return undefined;
      current = { 'controller-revision-hash': live.status.updateRevision };
    } else {
      const revision = live.metadata?.annotations?.['deployment.kubernetes.io/revision'];
      const sets = await client.list(`${proxy}/apis/apps/v1/namespaces/${ns}/replicasets`, { labelSelector: selector });
      const rs = sets.find((r) => r.metadata?.annotations?.['deployment.kubernetes.io/revision'] === revision);
      const hash = rs?.metadata?.labels?.['pod-template-hash'];
      if (!hash) return undefined;
      current = { 'pod-template-hash': hash };
    }
  }
  const podSelector = [selector, ...Object.entries(current).map(([k, v]) => `${k}=${v}`)].join(',');
  const pods = await client.list(`${proxy}/api/v1/namespaces/${ns}/pods`, { labelSelector: podSelector });
  const found = pods.map((p) => podProblem(p)).filter((p): p is PodProblem => !!p);
  return found.find((p) => p.certain) ?? found[0];
}

function state(row: PropagationRow, startedAt: number, done: boolean, timedOut = false, elapsedMs = Date.now() - startedAt): ObjectState {
  return {
    ref: { apiVersion: row.template.apiVersion, kind: row.template.kind, name: row.template.name, namespace: row.template.namespace },
    id: rowId(row.template, row.cluster),
    status: row.status,
    message: row.message,
    ready: row.available,
    desired: row.scheduled,
    reason: row.reason,
    pod: row.pod,
    warnings: [],
    elapsedMs,
    done,
    timedOut,
  };
}

const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve) => {
  const t = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
});

/**
 * Tracks `templates` (the Karmada stack's objects minus policies) until each is Current in the
 * members it is scheduled to. Rows are one per template and member cluster.
 */
export async function trackPropagation(client: KubeClient, templates: any[], policies: any[], opts: PropagationOptions & { pathOf: (m: any) => Promise<string> }): Promise<PropagationResult> {
  const startedAt = Date.now();
  const deadline = startedAt + opts.timeoutMs;
  const refs: Array<{ ref: TemplateRef; manifest: any }> = templates.map((m) => ({
    ref: { apiVersion: m.apiVersion, kind: m.kind, name: m.metadata.name, namespace: m.metadata.namespace ?? null },
    manifest: m,
  }));
  const templatePaths = new Map<TemplateRef, string>();
  for (const r of refs) if (REPLICATED_KINDS.has(r.ref.kind)) templatePaths.set(r.ref, await opts.pathOf(r.manifest));
  const namespaces = [...new Set(refs.map((r) => r.ref.namespace).filter((n): n is string => !!n))];
  const last = new Map<string, string>();
  // When each row settled: its elapsed time stays there, as the engine's tracker shows it.
  const settledAt = new Map<string, number>();
  let rows: PropagationRow[] = [];
  let started = false;
  for (;;) {
    const clusterObjects = await client.list(CLUSTERS);
    const registered = clusterObjects.map((c) => c.metadata.name).sort();
    const unready = unreadyClusters(clusterObjects);
    const bs = await bindings(client, namespaces);
    rows = [];
    for (const { ref, manifest } of refs) {
      const clusters = policyClusters(policies, ref, registered);
      const binding = findBinding(ref, bs);
      // Pods are read only for members whose rollout is behind (their reason is what the user needs).
      const problems = new Map<string, PodProblem | undefined>();
      const overridden = overriddenReplicas(policies, ref);
      const generation = REPLICATED_KINDS.has(ref.kind) ? (await client.request('GET', templatePaths.get(ref)!, { allow: [404] }))?.metadata?.generation : undefined;
      if (REPLICATED_KINDS.has(ref.kind) && binding) {
        for (const row of propagationRows(ref, binding, clusters, new Map(), overridden, generation)) {
          if (row.applied && row.status === 'InProgress') problems.set(row.cluster, await memberPodProblem(client, row.cluster, manifest).catch(() => undefined));
        }
      }
      rows.push(...propagationRows(ref, binding, clusters, problems, overridden, generation, unready));
      // Members named by the policy but no longer registered in Karmada: shown, nothing to wait for.
      for (const gone of policyNames(policies, ref).filter((c) => !registered.includes(c))) {
        rows.push({ template: ref, cluster: gone, status: 'Current', applied: false, message: 'not a Karmada member (removed): Karmada rescheduled without it' });
      }
    }
    const now = Date.now();
    const timedOut = !opts.once && now >= deadline;
    const failed = (r: PropagationRow) => r.status === 'Failed' && opts.failFast !== false;
    const finished = opts.once || timedOut || opts.signal?.aborted || rows.every((r) => r.status === 'Current' || failed(r));
    if (!started) {
      opts.reporter.onEvent({ type: 'start', at: new Date().toISOString(), objects: rows.map((r) => state(r, startedAt, false)) });
      started = true;
    }
    for (const r of rows) {
      const id = rowId(r.template, r.cluster);
      if (r.status === 'Current' || failed(r)) settledAt.set(id, settledAt.get(id) ?? now - startedAt);
      else settledAt.delete(id);
      const s = state(r, startedAt, finished || r.status === 'Current' || failed(r), timedOut && r.status !== 'Current', settledAt.get(id) ?? now - startedAt);
      const key = `${s.status}|${s.message}|${s.done}`;
      if (last.get(s.id) !== key) {
        last.set(s.id, key);
        opts.reporter.onEvent({ type: 'update', at: new Date().toISOString(), object: s });
      }
    }
    if (finished) break;
    await sleep(opts.pollMs ?? 1000, opts.signal);
  }
  const outcomes: ObjectOutcome[] = rows.map((r) => ({
    ref: { apiVersion: r.template.apiVersion, kind: r.template.kind, name: r.template.name, namespace: r.template.namespace },
    id: rowId(r.template, r.cluster),
    status: r.status,
    message: r.message,
    reason: r.reason ?? (r.status === 'InProgress' && !opts.once ? 'Timeout' : undefined),
    pod: r.pod,
    ready: r.available,
    desired: r.scheduled,
    warnings: [],
    durationMs: settledAt.get(rowId(r.template, r.cluster)) ?? Date.now() - startedAt,
    timedOut: r.status === 'InProgress' && !opts.once,
    ok: r.status === 'Current',
  }));
  const result: PropagationResult = {
    ok: outcomes.every((o) => o.ok),
    aborted: !!opts.signal?.aborted,
    durationMs: Date.now() - startedAt,
    objects: outcomes,
    failed: outcomes.filter((o) => !o.ok),
    rows,
  };
  opts.reporter.onEvent({ type: 'done', at: new Date().toISOString(), result });
  return result;
}

/** The cluster names a template's policy lists (empty when the policy places by every member). */
function policyNames(policies: any[], ref: TemplateRef): string[] {
  const p = policies.find((x) => /PropagationPolicy$/.test(x.kind) && (x.spec?.resourceSelectors ?? []).some((s: any) => s.kind === ref.kind && s.name === ref.name));
  return p?.spec?.placement?.clusterAffinity?.clusterNames ?? [];
}

/**
 * After a destroy: waits until no member holds any of the templates any more (read through the
 * cluster proxy), so "destroyed" means gone from every member, not only from Karmada.
 */
export async function waitGoneFromMembers(client: KubeClient, templates: any[], paths: (m: any) => string, timeoutMs: number): Promise<Array<{ cluster: string; object: string }>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const clusters = await karmadaClusters(client);
    const left: Array<{ cluster: string; object: string }> = [];
    for (const cluster of clusters) {
      for (const m of templates) {
        const live = await client.request('GET', `${CLUSTERS}/${cluster}/proxy${paths(m)}`, { allow: [404] });
        if (live) left.push({ cluster, object: `${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ''}${m.metadata.name}` });
      }
    }
    if (left.length === 0 || Date.now() >= deadline) return left;
    await sleep(1000);
  }
}
