import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { recommendedLabels, selectorLabels } from '../../labels';
import { checkName, checkPositiveInt, constructError } from '../../errors';
import { port, resourceRequirements, restrictedContainer, zoneSpread, type Resources } from '../k8s-helpers';

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

/** A stateless HTTP service: Deployment, Service, HPA, PDB, probes, zone spread, optional Ingress. */
export class WebService extends Construct {
  public readonly name: string;
  public readonly selector: Record<string, string>;
  public readonly deployment: k8s.KubeDeployment;
  public readonly service: k8s.KubeService;
  public readonly ingress?: k8s.KubeIngress;

  constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id);
    const name = checkName(this, 'name', props.name ?? id);
    if (!props.image) throw constructError(this, 'image', 'is required');
    const minReplicas = checkPositiveInt(this, 'minReplicas', props.minReplicas ?? 2);
    const maxReplicas = checkPositiveInt(this, 'maxReplicas', props.maxReplicas ?? Math.max(10, minReplicas));
    if (maxReplicas < minReplicas) throw constructError(this, 'maxReplicas', `must be >= minReplicas (${maxReplicas} < ${minReplicas})`);
    const target = props.targetCpuUtilization ?? 70;
    if (target < 1 || target > 100) throw constructError(this, 'targetCpuUtilization', `must be 1..100, got ${target}`);
    const containerPort = props.containerPort ?? 8080;
    const ns = props.namespace ?? Chart.of(this).namespace;

    this.name = name;
    const app = { name, instance: name, version: props.version, component: 'web' };
    const labels = recommendedLabels(app);
    const selector = selectorLabels(app);
    this.selector = selector;
    const meta = (): k8s.ObjectMeta => ({ name, namespace: ns, labels });

    const http = (path: string, period: number, failures: number): k8s.Probe => ({
      httpGet: { path, port: port('http') },
      periodSeconds: period,
      timeoutSeconds: 2,
      failureThreshold: failures,
    });
    const whenUnsatisfiable = props.zoneSpread === 'required' ? 'DoNotSchedule' : 'ScheduleAnyway';

    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata: meta(),
      spec: {
        // The HPA owns the count after the first apply; this is the starting (and minimum) size.
        replicas: minReplicas,
        revisionHistoryLimit: 5,
        minReadySeconds: 5,
        progressDeadlineSeconds: 600,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: port('25%'), maxUnavailable: port(0) } },
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: props.serviceAccountName,
            automountServiceAccountToken: props.serviceAccountName !== undefined,
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            topologySpreadConstraints: zoneSpread(selector, whenUnsatisfiable),
            containers: [
              {
                name: 'app',
                image: props.image,
                command: props.command,
                args: props.args,
                env: props.env ? Object.keys(props.env).sort().map((k) => ({ name: k, value: props.env![k] })) : undefined,
                ports: [{ name: 'http', containerPort, protocol: 'TCP' }],
                resources: resourceRequirements(
                  props.resources ?? { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } },
                ),
                securityContext: restrictedContainer(),
                startupProbe: http(props.livenessPath ?? '/healthz', 2, 30),
                readinessProbe: http(props.readinessPath ?? '/readyz', 5, 3),
                livenessProbe: http(props.livenessPath ?? '/healthz', 10, 3),
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            volumes: [{ name: 'tmp', emptyDir: {} }],
          },
        },
      },
    });

    this.service = new k8s.KubeService(this, 'Service', {
      metadata: meta(),
      spec: {
        type: 'ClusterIP',
        selector,
        ports: [{ name: 'http', port: props.servicePort ?? 80, targetPort: port('http'), protocol: 'TCP' }],
      },
    });

    new k8s.KubeHorizontalPodAutoscalerV2(this, 'Autoscaler', {
      metadata: meta(),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        minReplicas,
        maxReplicas,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }],
        // Scale up fast, scale down slowly to avoid flapping.
        behavior: {
          scaleUp: { stabilizationWindowSeconds: 0, policies: [{ type: 'Percent', value: 100, periodSeconds: 60 }] },
          scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 20, periodSeconds: 60 }] },
        },
      },
    });

    new k8s.KubePodDisruptionBudget(this, 'Budget', {
      metadata: meta(),
      spec: { maxUnavailable: port(checkPositiveInt(this, 'maxUnavailable', props.maxUnavailable ?? 1)), selector: { matchLabels: selector } },
    });

    if (props.ingress) {
      const ing = props.ingress;
      this.ingress = new k8s.KubeIngress(this, 'Ingress', {
        metadata: { ...meta(), annotations: ing.annotations },
        spec: {
          ingressClassName: ing.className ?? 'nginx',
          tls: ing.tlsSecretName ? [{ hosts: [ing.host], secretName: ing.tlsSecretName }] : undefined,
          rules: [
            {
              host: ing.host,
              http: {
                paths: [{ path: ing.path ?? '/', pathType: 'Prefix', backend: { service: { name, port: { name: 'http' } } } }],
              },
            },
          ],
        },
      });
    }

    if (props.networkPolicy) {
      const np = props.networkPolicy;
      const from: k8s.NetworkPolicyPeer[] = [
        ...(np.allowFromNamespaces ?? []).map((l) => ({ namespaceSelector: { matchLabels: l } })),
        ...(np.allowFromPods ?? []).map((l) => ({ podSelector: { matchLabels: l } })),
      ];
      new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
        metadata: meta(),
        spec: {
          podSelector: { matchLabels: selector },
          policyTypes: ['Ingress'],
          ingress: [{ from: from.length > 0 ? from : [{ podSelector: {} }], ports: [{ port: port('http'), protocol: 'TCP' }] }],
        },
      });
    }
  }
}
