import type { ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { recommendedLabels } from '../../labels';
import { checkName, constructError } from '../../errors';
import { NetworkPeer } from '../../networking/network-peer';
import { NetworkPolicy, PolicyType } from '../../networking/network-policy';
import { LimitRange } from '../../tenancy/limit-range';
import { Namespace, PodSecurityLevel } from '../../tenancy/namespace';
import { ResourceQuota } from '../../tenancy/resource-quota';
import type { ResourceList } from '../../tenancy/resource-list';
import { RbacGroup, RbacServiceAccount, RoleBinding } from '../../tenancy/role-binding';
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
  /** Kapstan's `Namespace` (the L1 object: `ApiObject.of(...)`). */
  public namespace!: Namespace;
  public quota!: ResourceQuota;
  public roleBinding!: RoleBinding;
  private readonly team: string;
  private readonly labels: Record<string, string>;

  constructor(scope: Construct, id: string, props: TeamNamespaceProps) {
    super(scope, id);
    const name = checkName(this, 'name', props.name ?? id, 63);
    this.team = checkName(this, 'team', props.team, 63);
    this.namespaceName = name;
    this.serviceAccountName = `${props.team}-deployer`;
    this.labels = { ...recommendedLabels({ name: 'team-namespace', instance: name, partOf: props.team }), 'kapstan.io/team': props.team };

    this.buildNamespace((props.podSecurity ?? 'restricted') as PodSecurityLevel);
    this.buildQuota({ ...DEFAULT_QUOTA, ...props.quota });
    this.buildLimits({ ...DEFAULT_LIMITS, ...props.limits });
    this.buildAccess(props.role ?? 'edit', props.groups ?? []);
    this.buildNetworkPolicies(props.allowFromNamespaces ?? []);
  }

  private meta(n: string): ApiObjectMetadata {
    return { name: n, namespace: this.namespaceName, labels: this.labels };
  }

  private buildNamespace(pss: PodSecurityLevel): void {
    // Enforce and warn at the team's level; no audit label (this pattern never wrote one).
    this.namespace = new Namespace(this, 'Namespace', {
      metadata: { name: this.namespaceName, labels: this.labels },
      podSecurity: { enforce: pss, warn: pss, audit: false },
      omitEmptySpec: true,
    });
  }

  private buildQuota(quota: TeamQuota): void {
    this.quota = new ResourceQuota(this, 'Quota', {
      metadata: this.meta(`${this.namespaceName}-quota`),
      hard: {
        requestsCpu: quota.requestsCpu,
        requestsMemory: quota.requestsMemory,
        limitsCpu: quota.limitsCpu,
        limitsMemory: quota.limitsMemory,
        pods: quota.pods,
        persistentVolumeClaims: quota.persistentVolumeClaims,
        requestsStorage: quota.requestsStorage,
        services: quota.services,
        loadBalancers: quota.loadBalancers,
        other: quota.extra,
      },
      // Counts stay numbers, as this pattern has always written them.
      numbersAsNumbers: true,
    });
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
    this.roleBinding = new RoleBinding(this, 'RoleBinding', {
      metadata: this.meta(`${this.team}-${role}`),
      role: kplus.ClusterRole.fromClusterRoleName(this, 'Role', role),
      subjects: [
        RbacServiceAccount.fromName(this, 'Subject', this.serviceAccountName, this.namespaceName),
        ...groups.map((g, i) => RbacGroup.fromName(this, `Group${i}`, g)),
      ],
    });
  }

  /** Default deny in both directions; then allow what every namespace needs. */
  private buildNetworkPolicies(allowFromNamespaces: string[]): void {
    const both = [PolicyType.INGRESS, PolicyType.EGRESS];
    new NetworkPolicy(this, 'DefaultDeny', { metadata: this.meta('default-deny'), policyTypes: both, allowDns: false, omitEmptyRules: true });
    new NetworkPolicy(this, 'AllowDns', {
      metadata: this.meta('allow-dns'),
      policyTypes: [PolicyType.EGRESS],
      allowDns: false,
      egress: [{
        // Any pod of kube-system on port 53: DNS deployments label their pods differently.
        peers: [NetworkPeer.namespaces({ labels: { 'kubernetes.io/metadata.name': 'kube-system' } })],
        ports: [{ port: 53, protocol: kplus.NetworkProtocol.UDP }, { port: 53, protocol: kplus.NetworkProtocol.TCP }],
      }],
    });
    const allowed = [this.namespaceName, ...allowFromNamespaces];
    allowed.forEach((n, i) => checkName(this, `allowFromNamespaces[${i - 1}]`, n, 63));
    new NetworkPolicy(this, 'AllowSameNamespace', {
      metadata: this.meta('allow-same-namespace'),
      policyTypes: both,
      allowDns: false,
      ingress: [{ peers: allowed.map((n) => NetworkPeer.namespaces({ labels: { 'kubernetes.io/metadata.name': n } })) }],
      egress: [{ peers: [NetworkPeer.allPods()] }],
    });
  }
}
