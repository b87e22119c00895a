import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { recommendedLabels } from '../../labels';
import { checkName, constructError } from '../../errors';
import { q } from '../k8s-helpers';
import { LimitRange } from '../../tenancy/limit-range';
import type { ResourceList } from '../../tenancy/resource-list';
import { ServiceAccount } from '../../tenancy/service-account';

export interface TeamQuota {
  readonly requestsCpu?: string;
  readonly requestsMemory?: string;
  readonly limitsCpu?: string;
  readonly limitsMemory?: string;
  readonly pods?: number;
  readonly persistentVolumeClaims?: number;
  readonly requestsStorage?: string;
  readonly services?: number;
  readonly loadBalancers?: number;
  /** Extended resources, e.g. `{ 'requests.nvidia.com/gpu': 4 }`. */
  readonly extra?: Record<string, string | number>;
}

export interface TeamLimits {
  readonly defaultCpu?: string;
  readonly defaultMemory?: string;
  readonly defaultRequestCpu?: string;
  readonly defaultRequestMemory?: string;
  readonly maxCpu?: string;
  readonly maxMemory?: string;
}

export interface TeamNamespaceProps {
  /** Namespace name (default: the construct id). */
  readonly name?: string;
  /** Owning team, written as the `kapstan.io/team` label. */
  readonly team: string;
  readonly quota?: TeamQuota;
  readonly limits?: TeamLimits;
  /** ClusterRole the team's ServiceAccount and groups get inside the namespace. Default `edit`. */
  readonly role?: string;
  /** Identity-provider groups bound to the role as well. */
  readonly groups?: string[];
  /** Pod Security Standard enforced on the namespace. Default `restricted`. */
  readonly podSecurity?: 'privileged' | 'baseline' | 'restricted';
  /** Namespaces (by name) allowed to reach pods here, besides the namespace itself. */
  readonly allowFromNamespaces?: string[];
}

const DEFAULT_QUOTA: TeamQuota = {
  requestsCpu: '8', requestsMemory: '16Gi', limitsCpu: '16', limitsMemory: '32Gi',
  pods: 100, persistentVolumeClaims: 20, requestsStorage: '500Gi', services: 30, loadBalancers: 0,
};
const DEFAULT_LIMITS: TeamLimits = {
  defaultCpu: '500m', defaultMemory: '512Mi', defaultRequestCpu: '100m', defaultRequestMemory: '128Mi',
  maxCpu: '4', maxMemory: '8Gi',
};

/**
 * A namespace handed to a team: quota, default/max container limits, a ServiceAccount bound to a
 * ClusterRole inside the namespace, and default-deny networking that still allows DNS and
 * traffic within the namespace.
 */
export class TeamNamespace extends Construct {
  public readonly namespaceName: string;
  public readonly serviceAccountName: string;
  private readonly team: string;
  private readonly labels: Record<string, string>;

  constructor(scope: Construct, id: string, props: TeamNamespaceProps) {
    super(scope, id);
    const name = checkName(this, 'name', props.name ?? id, 63);
    this.team = checkName(this, 'team', props.team, 63);
    this.namespaceName = name;
    this.serviceAccountName = `${props.team}-deployer`;
    this.labels = { ...recommendedLabels({ name: 'team-namespace', instance: name, partOf: props.team }), 'kapstan.io/team': props.team };

    this.buildNamespace(props.podSecurity ?? 'restricted');
    this.buildQuota({ ...DEFAULT_QUOTA, ...props.quota });
    this.buildLimits({ ...DEFAULT_LIMITS, ...props.limits });
    this.buildAccess(props.role ?? 'edit', props.groups ?? []);
    this.buildNetworkPolicies(props.allowFromNamespaces ?? []);
  }

  private meta(n: string): k8s.ObjectMeta {
    return { name: n, namespace: this.namespaceName, labels: this.labels };
  }

  private buildNamespace(pss: string): void {
    new k8s.KubeNamespace(this, 'Namespace', {
      metadata: {
        name: this.namespaceName,
        labels: {
          ...this.labels,
          'pod-security.kubernetes.io/enforce': pss,
          'pod-security.kubernetes.io/warn': pss,
        },
      },
    });
  }

  private buildQuota(quota: TeamQuota): void {
    // Written on the low-level type: the foundation ResourceQuota writes every amount as a
    // string, and this pattern has always written counts as numbers.
    const hard: Record<string, k8s.Quantity> = {};
    const put = (key: string, v: string | number | undefined) => {
      if (v !== undefined) hard[key] = q(v);
    };
    put('requests.cpu', quota.requestsCpu);
    put('requests.memory', quota.requestsMemory);
    put('limits.cpu', quota.limitsCpu);
    put('limits.memory', quota.limitsMemory);
    put('pods', quota.pods);
    put('persistentvolumeclaims', quota.persistentVolumeClaims);
    put('requests.storage', quota.requestsStorage);
    put('services', quota.services);
    put('services.loadbalancers', quota.loadBalancers);
    for (const [k, v] of Object.entries(quota.extra ?? {})) put(k, v);
    new k8s.KubeResourceQuota(this, 'Quota', { metadata: this.meta(`${this.namespaceName}-quota`), spec: { hard } });
  }

  private buildLimits(lim: TeamLimits): void {
    const pair = (cpu?: string, memory?: string): ResourceList => ({ ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) });
    new LimitRange(this, 'Limits', {
      metadata: this.meta(`${this.namespaceName}-limits`),
      container: {
        defaultLimit: pair(lim.defaultCpu, lim.defaultMemory),
        defaultRequest: pair(lim.defaultRequestCpu, lim.defaultRequestMemory),
        max: pair(lim.maxCpu, lim.maxMemory),
      },
    });
  }

  /** The team's ServiceAccount and groups, bound to a ClusterRole inside the namespace. */
  private buildAccess(role: string, groups: string[]): void {
    // Pods that use the account keep Kubernetes' default: the token is mounted.
    new ServiceAccount(this, 'ServiceAccount', { metadata: this.meta(this.serviceAccountName), automountToken: true });
    if (!role) throw constructError(this, 'role', 'must not be empty');
    // Low-level: the cdk8s-plus binding writes `apiGroup: ''` on ServiceAccount subjects.
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: this.meta(`${this.team}-${role}`),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects: [
        { kind: 'ServiceAccount', name: this.serviceAccountName, namespace: this.namespaceName },
        ...groups.map((g) => ({ kind: 'Group', name: g, apiGroup: 'rbac.authorization.k8s.io' })),
      ],
    });
  }

  /** Default deny in both directions; then allow what every namespace needs. */
  private buildNetworkPolicies(allowFromNamespaces: string[]): void {
    new k8s.KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: this.meta('default-deny'),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    new k8s.KubeNetworkPolicy(this, 'AllowDns', {
      metadata: this.meta('allow-dns'),
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            // Any pod of kube-system on port 53: DNS deployments label their pods differently.
            to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
            ports: [{ protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) }, { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) }],
          },
        ],
      },
    });
    const allowed = [this.namespaceName, ...allowFromNamespaces];
    allowed.forEach((n, i) => checkName(this, `allowFromNamespaces[${i - 1}]`, n, 63));
    new k8s.KubeNetworkPolicy(this, 'AllowSameNamespace', {
      metadata: this.meta('allow-same-namespace'),
      spec: {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: allowed.map((n) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': n } } })) }],
        egress: [{ to: [{ podSelector: {} }] }],
      },
    });
  }
}
