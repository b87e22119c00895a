import { ApiObject, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { KapstanResourceProps, kapstanMetadata } from '../object-metadata';
import { constructError } from '../errors';
import { cidrContains, cidrProblem } from './cidr';
import { NetworkPeer } from './network-peer';
import { portNameProblem, portProblem } from './port';
import { PodSelection, toLabelSelector } from './selector';

/** Which directions a policy restricts. */
export enum PolicyType {
  INGRESS = 'Ingress',
  EGRESS = 'Egress',
}

/** A port (or port range) a rule allows. */
export interface PolicyPort {
  /** Port number or named container port. Default: all ports. */
  readonly port?: number | string;
  /** End of a port range starting at `port` (numbers only). */
  readonly endPort?: number;
  /** Protocol. Default TCP. */
  readonly protocol?: kplus.NetworkProtocol;
}

/** Traffic a policy allows: from/to these peers on these ports. */
export interface NetworkPolicyRule {
  /** Who may connect (ingress) or be connected to (egress). Default: anyone. */
  readonly peers?: NetworkPeer[];
  /** Ports allowed. Default: all ports. */
  readonly ports?: PolicyPort[];
}

export interface NetworkPolicyProps extends KapstanResourceProps {
  /** Pods the policy applies to. Default: every pod in the namespace. */
  readonly selector?: PodSelection;
  /**
   * Allowed incoming traffic. Ingress is always restricted (unless `policyTypes` says
   * otherwise), so no rules means all incoming traffic is denied.
   */
  readonly ingress?: NetworkPolicyRule[];
  /** Allowed outgoing traffic. When set (even to []), egress is restricted to these rules. */
  readonly egress?: NetworkPolicyRule[];
  /** Directions restricted. Default: Ingress, plus Egress when `egress` is set. */
  readonly policyTypes?: PolicyType[];
  /**
   * When egress is restricted, also allow DNS (port 53 to kube-dns in kube-system), which
   * almost every pod needs. Default true.
   */
  readonly allowDns?: boolean;
  /**
   * Leave out a direction's rule list when it has no rules (`ingress: []` denies the same as no
   * list: the API server stores neither). Default false: an empty list is written.
   */
  readonly omitEmptyRules?: boolean;
}

export interface DenyAllProps extends KapstanResourceProps {
  /** Also deny all egress. Default false (ingress only). */
  readonly egress?: boolean;
}

const DNS_RULE: k8s.NetworkPolicyEgressRule = {
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
  ports: [
    { port: k8s.IntOrString.fromNumber(53), protocol: 'UDP' },
    { port: k8s.IntOrString.fromNumber(53), protocol: 'TCP' },
  ],
};

/**
 * A NetworkPolicy: select pods, then list what may reach them (and, optionally, what they may
 * reach). Written on the low-level type so peers are plain values (no construct per peer).
 */
export class NetworkPolicy extends Construct {
  /** A policy that denies all ingress (and optionally egress) to every pod in the namespace. */
  public static denyAll(scope: Construct, id: string, props: DenyAllProps = {}): NetworkPolicy {
    return new NetworkPolicy(scope, id, {
      metadata: props.metadata,
      app: props.app,
      ingress: [],
      egress: props.egress ? [] : undefined,
      allowDns: false,
    });
  }

  public readonly apiObject: ApiObject;
  private readonly ingressRules: NetworkPolicyRule[] = [];
  private readonly egressRules: NetworkPolicyRule[] = [];

  constructor(scope: Construct, id: string, private readonly props: NetworkPolicyProps = {}) {
    super(scope, id);
    if (props.policyTypes !== undefined && props.policyTypes.length === 0) {
      throw constructError(this, 'spec.policyTypes', 'must name at least one direction');
    }
    if (props.ingress && props.policyTypes && !props.policyTypes.includes(PolicyType.INGRESS)) {
      throw constructError(this, 'spec.ingress', 'ingress rules given but policyTypes does not include Ingress');
    }
    if (props.egress && props.policyTypes && !props.policyTypes.includes(PolicyType.EGRESS)) {
      throw constructError(this, 'spec.egress', 'egress rules given but policyTypes does not include Egress');
    }
    const podSelector = props.selector ? toLabelSelector(props.selector) : {};
    this.apiObject = new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: kapstanMetadata(props),
      spec: Lazy.any({ produce: () => this.toKube(podSelector) }),
    });
    props.ingress?.forEach((r) => this.allowIngress(r));
    props.egress?.forEach((r) => this.allowEgress(r));
  }

  /** The name of the NetworkPolicy object. */
  public get name(): string {
    return this.apiObject.name;
  }

  /** Allow more incoming traffic. */
  public allowIngress(rule: NetworkPolicyRule): void {
    this.checkRule(`spec.ingress[${this.ingressRules.length}]`, rule);
    this.ingressRules.push(rule);
  }

  /** Allow more outgoing traffic (restricting egress from now on). */
  public allowEgress(rule: NetworkPolicyRule): void {
    if (this.props.policyTypes && !this.props.policyTypes.includes(PolicyType.EGRESS)) {
      throw constructError(this, 'spec.egress', 'egress rules given but policyTypes does not include Egress');
    }
    this.checkRule(`spec.egress[${this.egressRules.length}]`, rule);
    this.egressRules.push(rule);
  }

  private toKube(podSelector: k8s.LabelSelector): k8s.NetworkPolicySpec {
    const types = this.policyTypes();
    const egress: k8s.NetworkPolicyEgressRule[] = this.egressRules.map((r) => ({ to: r.peers?.map((p) => p.toKube()), ports: r.ports?.map(toKubePort) }));
    if (types.includes(PolicyType.EGRESS) && (this.props.allowDns ?? true)) egress.push(DNS_RULE);
    const ingress = this.ingressRules.map((r) => ({ from: r.peers?.map((p) => p.toKube()), ports: r.ports?.map(toKubePort) }));
    const written = <T>(type: PolicyType, rules: T[]): T[] | undefined =>
      types.includes(type) && !(this.props.omitEmptyRules && rules.length === 0) ? rules : undefined;
    return { podSelector, policyTypes: types, ingress: written(PolicyType.INGRESS, ingress), egress: written(PolicyType.EGRESS, egress) };
  }

  private policyTypes(): string[] {
    if (this.props.policyTypes) return [...this.props.policyTypes];
    return this.props.egress ? [PolicyType.INGRESS, PolicyType.EGRESS] : [PolicyType.INGRESS];
  }

  private checkRule(field: string, rule: NetworkPolicyRule): void {
    rule.peers?.forEach((peer, i) => {
      const block = peer.ipBlock;
      if (!block) return;
      const problem = cidrProblem(block.cidr);
      if (problem) throw constructError(this, `${field}.peers[${i}].ipBlock.cidr`, problem);
      block.except?.forEach((hole, j) => {
        const holeProblem = cidrProblem(hole) ?? (cidrContains(block.cidr, hole) ? undefined : `"${hole}" is not inside ${block.cidr}`);
        if (holeProblem) throw constructError(this, `${field}.peers[${i}].ipBlock.except[${j}]`, holeProblem);
      });
    });
    rule.ports?.forEach((p, i) => {
      const portField = `${field}.ports[${i}]`;
      if (typeof p.port === 'string') {
        const problem = portNameProblem(p.port);
        if (problem) throw constructError(this, `${portField}.port`, problem);
        if (p.endPort !== undefined) throw constructError(this, `${portField}.endPort`, 'a range needs a numeric start port');
      } else if (p.port !== undefined) {
        const problem = portProblem(p.port);
        if (problem) throw constructError(this, `${portField}.port`, problem);
      }
      if (p.endPort !== undefined) {
        if (p.port === undefined) throw constructError(this, `${portField}.endPort`, 'a range needs a start port');
        const problem = portProblem(p.endPort) ?? ((p.endPort < (p.port as number)) ? `must not be below port ${p.port}` : undefined);
        if (problem) throw constructError(this, `${portField}.endPort`, problem);
      }
    });
  }
}

function toKubePort(p: PolicyPort): k8s.NetworkPolicyPort {
  const port = p.port === undefined ? undefined : typeof p.port === 'string' ? k8s.IntOrString.fromString(p.port) : k8s.IntOrString.fromNumber(p.port);
  return { port, endPort: p.endPort, protocol: p.protocol ?? kplus.NetworkProtocol.TCP };
}
