// Apply groups in dependency order (the synth contract's file groups), and the group of a kind
// for objects that come from the cluster rather than from synth output (prune, destroy).

export const APPLY_GROUPS = ['namespaces', 'crds', 'classes', 'access', 'config', 'storage',
  'services', 'workloads', 'policies', 'custom'] as const;
export type ApplyGroup = (typeof APPLY_GROUPS)[number];

const KIND_GROUP: Record<string, ApplyGroup> = {
  Namespace: 'namespaces',
  CustomResourceDefinition: 'crds',
  StorageClass: 'classes', PriorityClass: 'classes', IngressClass: 'classes', RuntimeClass: 'classes',
  ServiceAccount: 'access', Role: 'access', ClusterRole: 'access', RoleBinding: 'access', ClusterRoleBinding: 'access',
  ConfigMap: 'config', Secret: 'config',
  PersistentVolume: 'storage', PersistentVolumeClaim: 'storage',
  Service: 'services',
  Deployment: 'workloads', StatefulSet: 'workloads', DaemonSet: 'workloads', Job: 'workloads',
  CronJob: 'workloads', Pod: 'workloads', ReplicaSet: 'workloads', ReplicationController: 'workloads',
  HorizontalPodAutoscaler: 'policies', PodDisruptionBudget: 'policies', Ingress: 'policies',
  NetworkPolicy: 'policies', LimitRange: 'policies', ResourceQuota: 'policies',
};

export function groupForKind(kind: string): ApplyGroup {
  return KIND_GROUP[kind] ?? 'custom';
}

export function groupRank(group: string): number {
  const i = (APPLY_GROUPS as readonly string[]).indexOf(group);
  return i < 0 ? APPLY_GROUPS.length : i;
}

/** Splits items into apply-order batches; `reverse` gives destroy order (custom first, namespaces last). */
export function batchesByGroup<T>(items: T[], groupOf: (t: T) => string, reverse = false): { group: string; items: T[] }[] {
  const by = new Map<string, T[]>();
  for (const it of items) {
    const g = groupOf(it);
    if (!by.has(g)) by.set(g, []);
    by.get(g)!.push(it);
  }
  const out = [...by.entries()].map(([group, its]) => ({ group, items: its }))
    .sort((a, b) => groupRank(a.group) - groupRank(b.group));
  return reverse ? out.reverse() : out;
}
