import { warningEvents, type EventTarget, type WarningEvent } from './events';
import { withCapacity } from './capacity';
import { podProblem, type PodProblem } from './pod-problem';
import { controlledBy, ownedByAny } from './lookup';
import type { KObject, StatusContext } from './types';

const RETRIED_BY_JOBS = new Set(['CrashLoopBackOff', 'OOMKilled']);

/** Objects around a workload that explain its state, as seen by the tracker's watches. */
export interface Related {
  pods: KObject[];
  replicaSets?: KObject[];
  events?: KObject[];
}

export interface Diagnosis {
  /** The first certain problem among the workload's current pods: the rollout cannot succeed. */
  failure?: PodProblem;
  /** Every problem found, certain or not. */
  problems: PodProblem[];
  /** Warning events about the object and its current pods, newest first. */
  warnings: WarningEvent[];
  /** For a Job: its most recent failed pod and how it ended ("pod x: exit code 1 (Error)"). */
  lastFailedPod?: { name: string; text: string };
}

/**
 * The pods that belong to the object's current revision: for a Deployment the pods of its newest
 * ReplicaSet, for a StatefulSet those at its update revision, for other controllers the pods they
 * own. Old pods on their way out are ignored: their problems do not decide this rollout.
 */
export function relatedPods(obj: KObject, related: Related): KObject[] {
  const uid = obj.metadata?.uid;
  const kind = obj.kind;
  let pods: KObject[];
  if (kind === 'Pod') return [obj];
  if (kind === 'Deployment') {
    const ids = new Set(currentReplicaSets(obj, related).map((rs) => rs.metadata?.uid));
    pods = ownedByAny(related.pods, ids);
  } else {
    pods = controlledBy(related.pods, uid);
    const revision = obj.status?.updateRevision;
    if (kind === 'StatefulSet' && revision) {
      pods = pods.filter((p) => p.metadata?.labels?.['controller-revision-hash'] === revision);
    }
    if (kind === 'DaemonSet') {
      // DaemonSet status does not name its current revision: the newest pod runs it.
      const newest = [...pods].sort((a, b) => (b.metadata?.creationTimestamp ?? '').localeCompare(a.metadata?.creationTimestamp ?? ''))[0];
      const hash = newest?.metadata?.labels?.['controller-revision-hash'];
      if (hash) pods = pods.filter((p) => p.metadata?.labels?.['controller-revision-hash'] === hash);
    }
  }
  return pods
    .filter((p) => !p.metadata?.deletionTimestamp)
    .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
}

/** A Deployment's ReplicaSets at its current revision (all of its ReplicaSets if none matches yet). */
export function currentReplicaSets(obj: KObject, related: Related): KObject[] {
  const sets = controlledBy(related.replicaSets ?? [], obj.metadata?.uid);
  const revision = obj.metadata?.annotations?.['deployment.kubernetes.io/revision'];
  const newest = sets.filter((rs) => revision && rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] === revision);
  return newest.length ? newest : sets;
}

/** Why a workload is not becoming ready, from its pods and the Warning events about it and them. */
export function diagnose(obj: KObject, related: Related, ctx: Pick<StatusContext, 'clusterCanGrow' | 'crashLoopRestarts'> = {}): Diagnosis {
  const pods = relatedPods(obj, related);
  const events = related.events ?? [];
  const problems = pods
    // A Job's failed pods are expected retries; the Job's own condition decides its failure.
    .filter((p) => !(obj.kind === 'Job' && p.status?.phase === 'Failed'))
    .map((p) => {
      const problem = withPullHistory(podProblem(p, ctx), p, events);
      return problem && withCapacity(problem, p, events, !!ctx.clusterCanGrow);
    })
    .filter((p): p is PodProblem => !!p)
    // A Job's container restarts count against its backoffLimit: the Job itself says when it failed.
    .map((p) => (obj.kind === 'Job' && RETRIED_BY_JOBS.has(p.reason) ? { ...p, certain: false } : p));
  // A Deployment's pod creation failures (quota, admission) are events on its ReplicaSet.
  const sets = obj.kind === 'Deployment' ? currentReplicaSets(obj, related) : [];
  const targets: EventTarget[] = [
    { kind: obj.kind ?? '', name: obj.metadata?.name ?? '', uid: obj.metadata?.uid },
    ...sets.map((rs) => ({ kind: 'ReplicaSet', name: rs.metadata?.name ?? '', uid: rs.metadata?.uid })),
    ...pods.map((p) => ({ kind: 'Pod', name: p.metadata?.name ?? '', uid: p.metadata?.uid })),
  ];
  return {
    failure: problems.find((p) => p.certain),
    problems,
    warnings: warningEvents(related.events ?? [], targets),
    lastFailedPod: obj.kind === 'Job' ? lastFailedPod(pods) : undefined,
  };
}

/**
 * ErrImagePull is only certain once the pull failed repeatedly; a pod seen between two retries (the
 * kubelet alternates ErrImagePull and ImagePullBackOff) shows it in its Warning "Failed" count.
 */
function withPullHistory(problem: PodProblem | undefined, pod: KObject, events: KObject[]): PodProblem | undefined {
  if (!problem || problem.certain || problem.reason !== 'ErrImagePull') return problem;
  const uid = pod.metadata?.uid;
  const failures = events
    .filter((e) => e.type === 'Warning' && e.reason === 'Failed' && (e.involvedObject ?? e.regarding)?.uid === uid)
    .reduce((n, e) => n + (e.count ?? e.series?.count ?? 1), 0);
  return failures >= 2 ? { ...problem, certain: true } : problem;
}

function lastFailedPod(pods: KObject[]): { name: string; text: string } | undefined {
  const failed = pods
    .filter((p) => p.status?.phase === 'Failed')
    .sort((a, b) => (b.metadata?.creationTimestamp ?? '').localeCompare(a.metadata?.creationTimestamp ?? ''))[0];
  if (!failed) return undefined;
  const terminated = (failed.status?.containerStatuses ?? [])
    .map((c: { state?: { terminated?: { exitCode?: number; reason?: string } } }) => c.state?.terminated)
    .find((t: unknown) => !!t);
  const how = terminated ? `exit code ${terminated.exitCode}${terminated.reason ? ` (${terminated.reason})` : ''}` : failed.status?.reason ?? 'failed';
  const name = failed.metadata?.name ?? '';
  return { name, text: `pod ${name}: ${how}` };
}
