import { Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { recommendedLabels, selectorLabels } from '../../labels';
import { HttpIngressPathType, Ingress } from '../../networking/ingress';
import { NetworkPeer } from '../../networking/network-peer';
import { NetworkPolicy } from '../../networking/network-policy';
import { Service, ServiceType } from '../../networking/service';
import { HorizontalPodAutoscaler } from '../../scaling/horizontal-pod-autoscaler';
import { PodDisruptionBudget, UnhealthyPodEvictionPolicy } from '../../scaling/pod-disruption-budget';
import { ScalingMetric } from '../../scaling/scaling-metric';
import { checkName, checkPositiveInt, constructError } from '../../errors';
import type { Resources } from '../pod-style';
import { PATTERN_POD_STYLE, quantities, restrictedContainerProps, sortedEnv, zoneSpreadProps } from '../pod-style';
import type { ContainerProps } from '../../workloads/container';
import { Deployment } from '../../workloads/deployment';
import { WhenUnsatisfiable } from '../../workloads/scheduling';

export interface WebServiceIngress {
  readonly host: string;
  readonly path?: string;
  /** IngressClass. Default `nginx`. */
  readonly className?: string;
  /** TLS Secret for `host` (enables TLS). */
  readonly tlsSecretName?: string;
  readonly annotations?: Record<string, string>;
}

export interface WebServiceNetworkPolicy {
  /** Namespaces (by labels) allowed to reach the app port; empty = only same-namespace pods. */
  readonly allowFromNamespaces?: Record<string, string>[];
  /** Pods of the same namespace (by labels) allowed to reach the app port. */
  readonly allowFromPods?: Record<string, string>[];
}

export interface WebServiceProps {
  readonly name?: string;
  readonly namespace?: string;
  readonly image: string;
  readonly version?: string;
  /** Port the container listens on. Default 8080. */
  readonly containerPort?: number;
  /** Port of the Service. Default 80. */
  readonly servicePort?: number;
  readonly command?: string[];
  readonly args?: string[];
  readonly env?: Record<string, string>;
  /** Autoscaling bounds. Default 2..10. */
  readonly minReplicas?: number;
  readonly maxReplicas?: number;
  /** Target average CPU utilization (% of requests). Default 70. */
  readonly targetCpuUtilization?: number;
  readonly resources?: Resources;
  /** HTTP path of the readiness probe. Default `/readyz`. */
  readonly readinessPath?: string;
  /** HTTP path of the liveness and startup probes. Default `/healthz`. */
  readonly livenessPath?: string;
  /** Spread across zones: `preferred` (ScheduleAnyway, default) or `required` (DoNotSchedule). */
  readonly zoneSpread?: 'preferred' | 'required';
  /** PodDisruptionBudget maxUnavailable. Default 1. */
  readonly maxUnavailable?: number;
  readonly serviceAccountName?: string;
  readonly ingress?: WebServiceIngress;
  /** Restrict ingress traffic to the app port (adds a NetworkPolicy). */
  readonly networkPolicy?: WebServiceNetworkPolicy;
}

const DEFAULT_RESOURCES: Resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } };

/** A stateless HTTP service: Deployment, Service, HPA, PDB, probes, zone spread, optional Ingress. */
export class WebService extends Construct {
  public readonly name: string;
  public readonly selector: Record<string, string>;
  public readonly deployment: Deployment;
  public readonly service: Service;
  public readonly ingress?: Ingress;
  private readonly app: { name: string; instance: string; version?: string; component: string };
  private readonly labels: Record<string, string>;
  private readonly namespace?: string;

  constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id);
    this.name = checkName(this, 'name', props.name ?? id);
    if (!props.image) throw constructError(this, 'image', 'is required');
    const scale = this.checkScale(props);
    this.namespace = props.namespace ?? Chart.of(this).namespace;
    this.app = { name: this.name, instance: this.name, version: props.version, component: 'web' };
    this.labels = recommendedLabels(this.app);
    this.selector = selectorLabels(this.app);

    this.deployment = this.buildDeployment(props, scale.minReplicas);
    this.service = this.buildService(props.servicePort ?? 80);
    this.buildAutoscaler(scale);
    this.buildBudget(props.maxUnavailable ?? 1);
    if (props.ingress) this.ingress = this.buildIngress(props.ingress);
    if (props.networkPolicy) this.buildNetworkPolicy(props.networkPolicy);
  }

  private checkScale(props: WebServiceProps): { minReplicas: number; maxReplicas: number; targetCpu: number } {
    const minReplicas = checkPositiveInt(this, 'minReplicas', props.minReplicas ?? 2);
    const maxReplicas = checkPositiveInt(this, 'maxReplicas', props.maxReplicas ?? Math.max(10, minReplicas));
    if (maxReplicas < minReplicas) throw constructError(this, 'maxReplicas', `must be >= minReplicas (${maxReplicas} < ${minReplicas})`);
    const targetCpu = props.targetCpuUtilization ?? 70;
    if (targetCpu < 1 || targetCpu > 100) throw constructError(this, 'targetCpuUtilization', `must be 1..100, got ${targetCpu}`);
    return { minReplicas, maxReplicas, targetCpu };
  }

  private meta(): k8s.ObjectMeta {
    return { name: this.name, namespace: this.namespace, labels: this.labels };
  }

  private buildDeployment(props: WebServiceProps, minReplicas: number): Deployment {
    const tmp = kplus.Volume.fromEmptyDir(this, 'Tmp', 'tmp');
    return new Deployment(this, 'Deployment', {
      metadata: this.meta(),
      app: this.app,
      // The HPA owns the count after the first apply; this is the starting (and minimum) size.
      replicas: minReplicas,
      revisionHistoryLimit: 5,
      minReady: Duration.seconds(5),
      progressDeadline: Duration.seconds(600),
      strategy: kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.percent(25), maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }),
      ...PATTERN_POD_STYLE,
      serviceAccount: props.serviceAccountName,
      automountServiceAccountToken: props.serviceAccountName !== undefined,
      topologySpread: zoneSpreadProps(props.zoneSpread === 'required' ? WhenUnsatisfiable.DO_NOT_SCHEDULE : WhenUnsatisfiable.SCHEDULE_ANYWAY),
      containers: [appContainer(props, tmp)],
    });
  }

  private buildService(servicePort: number): Service {
    return new Service(this, 'Service', {
      metadata: this.meta(),
      type: ServiceType.CLUSTER_IP,
      selector: { labels: this.selector },
      ports: [{ name: 'http', port: servicePort, targetPort: 'http' }],
    });
  }

  private buildAutoscaler(scale: { minReplicas: number; maxReplicas: number; targetCpu: number }): void {
    new HorizontalPodAutoscaler(this, 'Autoscaler', {
      metadata: this.meta(),
      target: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.name },
      minReplicas: scale.minReplicas,
      maxReplicas: scale.maxReplicas,
      metrics: [ScalingMetric.cpuUtilization(scale.targetCpu)],
      // Scale up fast, scale down slowly to avoid flapping.
      scaleUp: { stabilizationWindow: Duration.seconds(0), policies: [{ type: 'Percent', value: 100, period: Duration.seconds(60) }] },
      scaleDown: { stabilizationWindow: Duration.seconds(300), policies: [{ type: 'Percent', value: 20, period: Duration.seconds(60) }] },
    });
  }

  private buildBudget(maxUnavailable: number): void {
    new PodDisruptionBudget(this, 'Budget', {
      metadata: this.meta(),
      selector: { labels: this.selector },
      maxUnavailable: checkPositiveInt(this, 'maxUnavailable', maxUnavailable),
      // Kubernetes' own default, written out, as this pattern always had it.
      unhealthyPodEvictionPolicy: UnhealthyPodEvictionPolicy.IF_HEALTHY_BUDGET,
    });
  }

  private buildIngress(ing: WebServiceIngress): Ingress {
    return new Ingress(this, 'Ingress', {
      metadata: { ...this.meta(), annotations: ing.annotations },
      className: ing.className ?? 'nginx',
      // The backend names the Service port (`http`), so a changed port number needs no Ingress change.
      routes: [{ host: ing.host, path: ing.path ?? '/', pathType: HttpIngressPathType.PREFIX, service: this.service, portName: 'http' }],
      tls: ing.tlsSecretName ? [{ hosts: [ing.host], secret: kplus.Secret.fromSecretName(this, 'TlsSecret', ing.tlsSecretName) }] : undefined,
    });
  }

  private buildNetworkPolicy(np: WebServiceNetworkPolicy): void {
    const from = [
      ...(np.allowFromNamespaces ?? []).map((labels) => NetworkPeer.namespaces({ labels })),
      ...(np.allowFromPods ?? []).map((labels) => NetworkPeer.pods({ labels })),
    ];
    new NetworkPolicy(this, 'NetworkPolicy', {
      metadata: this.meta(),
      selector: { labels: this.selector },
      ingress: [{ peers: from.length > 0 ? from : [NetworkPeer.allPods()], ports: [{ port: 'http' }] }],
    });
  }
}

/** The `app` container: the image on the `http` port with probes, restricted, a writable /tmp. */
function appContainer(props: WebServiceProps, tmp: kplus.Volume): ContainerProps {
  const http = (path: string, period: number, failures: number): kplus.Probe => kplus.Probe.fromHttpGet(path, {
    periodSeconds: Duration.seconds(period),
    timeoutSeconds: Duration.seconds(2),
    failureThreshold: failures,
  });
  return {
    name: 'app',
    image: props.image,
    command: props.command,
    args: props.args,
    env: sortedEnv(props.env),
    ports: [{ name: 'http', number: props.containerPort ?? 8080, protocol: kplus.Protocol.TCP }],
    quantities: quantities(props.resources ?? DEFAULT_RESOURCES),
    securityContext: restrictedContainerProps(),
    startup: http(props.livenessPath ?? '/healthz', 2, 30),
    readiness: http(props.readinessPath ?? '/readyz', 5, 3),
    liveness: http(props.livenessPath ?? '/healthz', 10, 3),
    namedProbePorts: true,
    volumeMounts: [{ volume: tmp, path: '/tmp' }],
  };
}
