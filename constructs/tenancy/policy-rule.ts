import { k8s } from 'cdk8s-plus-34';

/** One RBAC rule in Kubernetes terms. */
export interface PolicyRule {
  /** API groups; `''` is the core group. Default ['']. */
  readonly apiGroups?: string[];
  /** Resources, e.g. `pods`, `deployments`, `pods/log`. */
  readonly resources?: string[];
  /** Restrict to these object names. */
  readonly resourceNames?: string[];
  /** Non-resource URLs, e.g. `/healthz` (ClusterRole only). */
  readonly nonResourceUrls?: string[];
  /** Verbs: get, list, watch, create, update, patch, delete, deletecollection, or others. */
  readonly verbs: string[];
}

/** Read-only verbs, for convenience. */
export const READ_VERBS = ['get', 'list', 'watch'];

/** Why a rule is invalid, or undefined. `field` is prefixed by the caller. */
export function policyRuleProblem(rule: PolicyRule, clusterScoped: boolean): { field: string; message: string } | undefined {
  if (!rule.verbs?.length) return { field: 'verbs', message: 'needs at least one verb' };
  const badVerb = rule.verbs.find((v) => !/^(\*|[a-z][a-zA-Z]*)$/.test(v));
  if (badVerb !== undefined) return { field: 'verbs', message: `"${badVerb}" is not a verb` };
  const hasResources = (rule.resources?.length ?? 0) > 0;
  const hasUrls = (rule.nonResourceUrls?.length ?? 0) > 0;
  if (hasResources === hasUrls) return { field: 'resources', message: 'set either resources or nonResourceUrls' };
  if (hasUrls && !clusterScoped) return { field: 'nonResourceURLs', message: 'only a ClusterRole can grant non-resource URLs' };
  if (hasUrls && rule.nonResourceUrls!.some((u) => !u.startsWith('/'))) return { field: 'nonResourceURLs', message: 'URLs must start with /' };
  if (rule.resourceNames?.length && rule.verbs.some((v) => v === 'list' || v === 'watch' || v === 'create' || v === 'deletecollection')) {
    return { field: 'resourceNames', message: 'list, watch, create and deletecollection cannot be restricted by resource name' };
  }
  return undefined;
}

/** The manifest form of a rule. */
export function toKubeRule(rule: PolicyRule): k8s.PolicyRule {
  if (rule.nonResourceUrls?.length) return { nonResourceUrLs: [...rule.nonResourceUrls], verbs: [...rule.verbs] };
  return {
    apiGroups: [...(rule.apiGroups ?? [''])],
    resources: [...rule.resources!],
    resourceNames: rule.resourceNames?.length ? [...rule.resourceNames] : undefined,
    verbs: [...rule.verbs],
  };
}
