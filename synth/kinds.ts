// The one table of kinds that synthesis, validation and the engine share: which are cluster-scoped
// (they never get a namespace), and in which apply group and order each kind goes
// (docs/architecture.md). The engine orders apply, prune and destroy by the same table, so a kind's
// place never differs between the files synth writes and what the engine does with live objects.
// "group" here always means an apply group; an API group is an "API group".

/** Built-in kinds that are cluster-scoped. Keyed by kind alone: no namespaced kind shares these names. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ComponentStatus',
  'CustomResourceDefinition', 'APIService',
  'StorageClass', 'PriorityClass', 'IngressClass', 'RuntimeClass', 'VolumeAttributesClass', 'CSIDriver', 'CSINode',
  'VolumeAttachment', 'DeviceClass', 'ResourceSlice',
  'ClusterRole', 'ClusterRoleBinding',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
  'CertificateSigningRequest', 'ClusterTrustBundle', 'FlowSchema', 'PriorityLevelConfiguration',
  'IPAddress', 'ServiceCIDR', 'StorageVersion', 'StorageVersionMigration', 'DeviceTaintRule',
  'TokenReview', 'SelfSubjectReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SubjectAccessReview',
  // Karmada's cluster-wide policies (emitted by Federation).
  'ClusterPropagationPolicy', 'ClusterOverridePolicy',
]);

/** Apply groups in apply order; the file number is the position in this list (01..10). */
export const GROUPS = [
  'namespaces', 'crds', 'classes', 'access', 'config', 'storage', 'services', 'workloads', 'policies', 'custom',
] as const;
export type Group = (typeof GROUPS)[number];

/**
 * Known kinds in apply order, with their group. ResourceQuota and LimitRange travel with the
 * namespace: they must exist before any pod is admitted into it.
 */
const KIND_ORDER: ReadonlyArray<readonly [string, Group]> = [
  ['Namespace', 'namespaces'], ['ResourceQuota', 'namespaces'], ['LimitRange', 'namespaces'],
  ['CustomResourceDefinition', 'crds'],
  ['StorageClass', 'classes'], ['VolumeAttributesClass', 'classes'], ['PriorityClass', 'classes'],
  ['RuntimeClass', 'classes'], ['IngressClass', 'classes'],
  ['ServiceAccount', 'access'], ['ClusterRole', 'access'], ['ClusterRoleBinding', 'access'],
  ['Role', 'access'], ['RoleBinding', 'access'],
  ['ConfigMap', 'config'], ['Secret', 'config'],
  ['PersistentVolume', 'storage'], ['PersistentVolumeClaim', 'storage'],
  ['Service', 'services'], ['Endpoints', 'services'], ['EndpointSlice', 'services'],
  ['Pod', 'workloads'], ['ReplicationController', 'workloads'], ['ReplicaSet', 'workloads'],
  ['Deployment', 'workloads'], ['StatefulSet', 'workloads'], ['DaemonSet', 'workloads'],
  ['Job', 'workloads'], ['CronJob', 'workloads'],
  ['HorizontalPodAutoscaler', 'policies'], ['PodDisruptionBudget', 'policies'],
  ['Ingress', 'policies'], ['NetworkPolicy', 'policies'],
  // Registered once their backends are applied: an APIService whose server is not there yet
  // breaks discovery for its group, and a webhook or admission policy applied first could refuse
  // the very objects of the same apply that it depends on (as Helm installs them last too).
  ['ValidatingAdmissionPolicy', 'policies'], ['ValidatingAdmissionPolicyBinding', 'policies'],
  ['MutatingAdmissionPolicy', 'policies'], ['MutatingAdmissionPolicyBinding', 'policies'],
  ['MutatingWebhookConfiguration', 'policies'], ['ValidatingWebhookConfiguration', 'policies'],
  ['APIService', 'policies'],
  // Karmada policies (Federation's Karmada output): overrides exist before propagation starts.
  ['ClusterOverridePolicy', 'custom'], ['OverridePolicy', 'custom'],
  ['ClusterPropagationPolicy', 'custom'], ['PropagationPolicy', 'custom'],
];

const KIND_INFO = new Map(KIND_ORDER.map(([kind, group], rank) => [kind, { group, rank }]));

/** The apply group of a kind (unknown kinds, i.e. custom resources, go last). */
export function groupOf(kind: string): Group {
  return KIND_INFO.get(kind)?.group ?? 'custom';
}

/** Sort rank of a kind inside its group; unknown kinds rank after known ones (then by name). */
export function kindRank(kind: string): number {
  return KIND_INFO.get(kind)?.rank ?? KIND_ORDER.length;
}

/** Position of an apply group in apply order; anything else sorts last. */
export function groupRank(group: string): number {
  const i = (GROUPS as readonly string[]).indexOf(group);
  return i < 0 ? GROUPS.length : i;
}

/** File name of a group, e.g. `01-namespaces.k8s.yaml`. */
export function groupFile(group: Group): string {
  return `${String(GROUPS.indexOf(group) + 1).padStart(2, '0')}-${group}.k8s.yaml`;
}

/**
 * Whether an object of this kind is cluster-scoped. `customScopes` maps `group/kind` of custom
 * resources to their CRD's scope when the CRD is part of the same stack.
 */
export function isClusterScoped(apiVersion: string, kind: string, customScopes?: ReadonlyMap<string, string>): boolean {
  if (CLUSTER_SCOPED_KINDS.has(kind)) return true;
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return customScopes?.get(`${group}/${kind}`) === 'Cluster';
}
