import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { KapstanResourceProps, kapstanMetadata } from '../object-metadata';
import { constructError } from '../errors';
import { portNameProblem, portProblem } from './port';
import { PodSelection, toMatchLabels } from './selector';

export { ServiceType } from 'cdk8s-plus-34';

/** Whether requests from one client keep going to the same pod. */
export enum SessionAffinity {
  NONE = 'None',
  CLIENT_IP = 'ClientIP',
}

/** How external traffic is routed to nodes (NodePort and LoadBalancer only). */
export enum ExternalTrafficPolicy {
  /** Spread over all nodes (default; loses the client source IP). */
  CLUSTER = 'Cluster',
  /** Only to pods on the receiving node (keeps the client source IP). */
  LOCAL = 'Local',
}

/** How traffic from inside the cluster is routed. */
export enum InternalTrafficPolicy {
  /** To any ready endpoint (default). */
  CLUSTER = 'Cluster',
  /** Only to endpoints on the caller's node (e.g. node-local DNS caches and agents). */
  LOCAL = 'Local',
}

/** Whether a Service gets IPv4, IPv6 or both cluster IPs. */
export enum IpFamilyPolicy {
  SINGLE_STACK = 'SingleStack',
  PREFER_DUAL_STACK = 'PreferDualStack',
  REQUIRE_DUAL_STACK = 'RequireDualStack',
}

/** One port of a Service. */
export interface ServicePortSpec {
  /** Port the Service listens on. */
  readonly port: number;
  /** Port name; required when the Service has more than one port. Ingresses and probes refer to it. */
  readonly name?: string;
  /** Container port number or container port name to forward to. Defaults to `port`. */
  readonly targetPort?: number | string;
  /** Protocol. Default TCP. */
  readonly protocol?: kplus.Protocol;
  /** Fixed node port (NodePort and LoadBalancer only). Default: assigned by the cluster. */
  readonly nodePort?: number;
  /** Application protocol hint, e.g. `http`, `kubernetes.io/h2c`. */
  readonly appProtocol?: string;
}

export interface ServiceProps extends KapstanResourceProps {
  /**
   * Pods to send traffic to: a workload construct, `{ app }` or `{ labels }`.
   * Default: the selector labels of `app` when it is set; otherwise no selector (endpoints
   * managed by hand).
   */
  readonly selector?: PodSelection;
  /** How the Service is exposed. Default ClusterIP. */
  readonly type?: kplus.ServiceType;
  /** Headless Service (`clusterIP: None`): DNS returns pod IPs. Used to govern StatefulSets. */
  readonly headless?: boolean;
  /** Ports. At least one is required unless the Service is headless or ExternalName. */
  readonly ports?: ServicePortSpec[];
  /** Session affinity. Default None. */
  readonly sessionAffinity?: SessionAffinity;
  /** How long a ClientIP affinity lasts. Default (Kubernetes) 3 hours; only with ClientIP affinity. */
  readonly sessionAffinityTimeout?: Duration;
  /** External traffic policy (NodePort and LoadBalancer only). */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;
  /** In-cluster traffic policy: `Local` keeps traffic on the caller's node. Default Cluster. */
  readonly internalTrafficPolicy?: InternalTrafficPolicy;
  /** IP families on dual-stack clusters. Default: the cluster's (SingleStack). */
  readonly ipFamilyPolicy?: IpFamilyPolicy;
  /** CIDRs allowed to reach a LoadBalancer. Default: the cloud default (usually everyone). */
  readonly loadBalancerSourceRanges?: string[];
  /** Load balancer implementation, e.g. `service.k8s.aws/nlb` (LoadBalancer only). */
  readonly loadBalancerClass?: string;
  /** Publish addresses of pods that are not ready (StatefulSet peer discovery). Default false. */
  readonly publishNotReadyAddresses?: boolean;
  /** DNS name for an ExternalName Service (sets the type to ExternalName). */
  readonly externalName?: string;
}

/**
 * A Service, built on the cdk8s-plus Service (so Ingress backends and RBAC grants work with
 * it) and extended with named target ports, headless mode, session affinity and traffic
 * policies. Ports are checked when added; the whole spec is checked at synth time.
 */
export class Service extends kplus.Service {
  /** True when the Service is headless (`clusterIP: None`). */
  public readonly headless: boolean;
  private readonly portSpecs: ServicePortSpec[] = [];
  private readonly selectorLabels: Record<string, string> = {};
  private readonly extra: ServiceProps;

  constructor(scope: Construct, id: string, props: ServiceProps = {}) {
    super(scope, id, {
      metadata: kapstanMetadata(props),
      type: props.type,
      clusterIP: props.headless ? 'None' : undefined,
      externalName: props.externalName,
      loadBalancerSourceRanges: props.loadBalancerSourceRanges,
      publishNotReadyAddresses: props.publishNotReadyAddresses,
    });
    this.headless = props.headless ?? false;
    this.extra = props;
    this.checkProps(props);
    const selection = props.selector ?? (props.app ? { app: props.app } : undefined);
    if (selection) this.selectPods(selection);
    (props.ports ?? []).forEach((p) => this.addPort(p));
    // Ports may still be added after construction, so these are checked at synth time
    // (cdk8s and kapstan synth run validations and prefix the construct path).
    this.node.addValidation({ validate: () => this.portProblems() });
  }

  /** Add a port. Throws (naming this construct) when the port is invalid or clashes with another. */
  public addPort(spec: ServicePortSpec): void {
    const field = `spec.ports[${this.portSpecs.length}]`;
    const problem = portProblem(spec.port);
    if (problem) throw constructError(this, `${field}.port`, problem);
    if (spec.name !== undefined) {
      const nameProblem = portNameProblem(spec.name);
      if (nameProblem) throw constructError(this, `${field}.name`, nameProblem);
      if (this.portSpecs.some((p) => p.name === spec.name)) {
        throw constructError(this, `${field}.name`, `port name "${spec.name}" is used twice`);
      }
    }
    const protocol = spec.protocol ?? kplus.Protocol.TCP;
    if (this.portSpecs.some((p) => p.port === spec.port && (p.protocol ?? kplus.Protocol.TCP) === protocol)) {
      throw constructError(this, `${field}.port`, `port ${spec.port}/${protocol} is used twice`);
    }
    if (typeof spec.targetPort === 'number') {
      const targetProblem = portProblem(spec.targetPort);
      if (targetProblem) throw constructError(this, `${field}.targetPort`, targetProblem);
    } else if (spec.targetPort !== undefined) {
      const targetProblem = portNameProblem(spec.targetPort);
      if (targetProblem) throw constructError(this, `${field}.targetPort`, targetProblem);
    }
    if (spec.nodePort !== undefined) {
      if (this.type !== kplus.ServiceType.NODE_PORT && this.type !== kplus.ServiceType.LOAD_BALANCER) {
        throw constructError(this, `${field}.nodePort`, `only NodePort and LoadBalancer Services have node ports (type is ${this.type})`);
      }
      if (!Number.isInteger(spec.nodePort) || spec.nodePort < 30000 || spec.nodePort > 32767) {
        throw constructError(this, `${field}.nodePort`, `must be in the default node port range 30000-32767 (got ${spec.nodePort})`);
      }
    }
    this.portSpecs.push(spec);
    // Keep the cdk8s-plus view (`ports`, Ingress backends) in step with ours.
    super.bind(spec.port, {
      name: spec.name,
      nodePort: spec.nodePort,
      protocol: spec.protocol,
      targetPort: typeof spec.targetPort === 'number' ? spec.targetPort : undefined,
    });
  }

  /** cdk8s-plus compatible: same as `addPort({ port, ...options })`. */
  public bind(port: number, options: kplus.ServiceBindOptions = {}): void {
    this.addPort({ port, ...options });
  }

  /** Send traffic to these pods (calling it again adds labels: an AND). */
  public selectPods(selection: PodSelection): void {
    const labels = toMatchLabels(selection);
    if (typeof labels === 'string') throw constructError(this, 'spec.selector', labels);
    Object.assign(this.selectorLabels, labels);
  }

  /** cdk8s-plus compatible: select the pods of a workload. */
  public select(selector: kplus.IPodSelector): void {
    this.selectPods(selector);
  }

  /** cdk8s-plus compatible: require one more label. */
  public selectLabel(key: string, value: string): void {
    this.selectorLabels[key] = value;
  }

  /** The label selector of this Service (a copy). */
  public get selector(): Record<string, string> {
    return { ...this.selectorLabels };
  }

  /** @internal */
  public _toKube(): k8s.ServiceSpec {
    const isExternalName = this.type === kplus.ServiceType.EXTERNAL_NAME;
    if (isExternalName) return { type: this.type, externalName: this.externalName };
    const props = this.extra;
    const timeout = props.sessionAffinityTimeout?.toSeconds();
    return {
      type: this.type,
      clusterIp: this.clusterIP,
      selector: Object.keys(this.selectorLabels).length ? { ...this.selectorLabels } : undefined,
      ports: this.portSpecs.length === 0 ? undefined : this.portSpecs.map((p) => ({
        name: p.name,
        port: p.port,
        targetPort: typeof p.targetPort === 'string' ? k8s.IntOrString.fromString(p.targetPort) : k8s.IntOrString.fromNumber(p.targetPort ?? p.port),
        protocol: p.protocol ?? kplus.Protocol.TCP,
        nodePort: p.nodePort,
        appProtocol: p.appProtocol,
      })),
      sessionAffinity: props.sessionAffinity,
      sessionAffinityConfig: timeout !== undefined ? { clientIp: { timeoutSeconds: timeout } } : undefined,
      externalTrafficPolicy: props.externalTrafficPolicy,
      internalTrafficPolicy: props.internalTrafficPolicy,
      ipFamilyPolicy: props.ipFamilyPolicy,
      loadBalancerSourceRanges: props.loadBalancerSourceRanges,
      loadBalancerClass: props.loadBalancerClass,
      publishNotReadyAddresses: props.publishNotReadyAddresses,
    };
  }

  private portProblems(): string[] {
    if (this.type === kplus.ServiceType.EXTERNAL_NAME) return [];
    if (this.portSpecs.length === 0 && !this.headless) {
      return ['spec.ports: a Service needs at least one port (only headless Services may have none)'];
    }
    if (this.portSpecs.length > 1) {
      const unnamed = this.portSpecs.findIndex((p) => p.name === undefined);
      if (unnamed >= 0) return [`spec.ports[${unnamed}].name: every port needs a name when a Service has more than one`];
    }
    return [];
  }

  private checkProps(props: ServiceProps): void {
    const type = this.type;
    const external = type === kplus.ServiceType.NODE_PORT || type === kplus.ServiceType.LOAD_BALANCER;
    if (props.headless && type !== kplus.ServiceType.CLUSTER_IP) {
      throw constructError(this, 'spec.clusterIP', `a headless Service must be of type ClusterIP (type is ${type})`);
    }
    if (props.externalTrafficPolicy && !external) {
      throw constructError(this, 'spec.externalTrafficPolicy', `only NodePort and LoadBalancer Services route external traffic (type is ${type})`);
    }
    if (type !== kplus.ServiceType.LOAD_BALANCER) {
      if (props.loadBalancerSourceRanges) throw constructError(this, 'spec.loadBalancerSourceRanges', `only applies to LoadBalancer Services (type is ${type})`);
      if (props.loadBalancerClass) throw constructError(this, 'spec.loadBalancerClass', `only applies to LoadBalancer Services (type is ${type})`);
    }
    if (props.sessionAffinityTimeout !== undefined) {
      if (props.sessionAffinity !== SessionAffinity.CLIENT_IP) {
        throw constructError(this, 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', 'needs sessionAffinity ClientIP');
      }
      const seconds = props.sessionAffinityTimeout.toSeconds();
      if (seconds < 1 || seconds > 86400) {
        throw constructError(this, 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', `must be between 1 second and 1 day (got ${seconds}s)`);
      }
    }
  }
}
