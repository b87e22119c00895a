import { ApiObject, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { recommendedLabels, selectorLabels } from '../../labels';
import { checkName, checkPositiveInt, constructError } from '../../errors';
import { port, resourceRequirements, restrictedContainer, zoneSpread, type Resources } from '../k8s-helpers';
import { CANARY_LABEL, NGINX_CANARY, NGINX_CANARY_WEIGHT, TRACK_LABEL, trackName, type Track } from './names';

export interface CanaryTrackProps {
  readonly image: string;
  readonly version?: string;
  readonly replicas?: number;
  readonly env?: Record<string, string>;
}

/** ingress-nginx: a main Ingress to stable and a canary Ingress carrying `canary-weight`. */
export interface NginxCanaryTraffic {
  readonly type: 'ingress-nginx';
  /** Percent of requests sent to the canary (0..100). */
  readonly weight: number;
  readonly host: string;
  readonly path?: string;
  readonly className?: string;
  /** Extra annotations on both Ingresses (e.g. TLS or `kapstan.io/wait`). */
  readonly annotations?: Record<string, string>;
}

/** Gateway API: one HTTPRoute with weighted backendRefs to the stable and canary Services. */
export interface GatewayCanaryTraffic {
  readonly type: 'gateway-api';
  readonly weight: number;
  readonly gateway: { readonly name: string; readonly namespace?: string; readonly sectionName?: string };
  readonly hostnames?: string[];
  readonly path?: string;
}

/** Share traffic by replica ratio: one Service over both tracks (the default). */
export interface ReplicaRatioTraffic {
  readonly type: 'replicas';
}

export type CanaryTraffic = ReplicaRatioTraffic | NginxCanaryTraffic | GatewayCanaryTraffic;

export interface CanaryReleaseProps {
  readonly name?: string;
  readonly namespace?: string;
  readonly stable: CanaryTrackProps;
  /** The candidate; omit (or 0 replicas) when no canary is running. */
  readonly canary?: CanaryTrackProps;
  readonly containerPort?: number;
  readonly servicePort?: number;
  readonly readinessPath?: string;
  readonly livenessPath?: string;
  readonly resources?: Resources;
  readonly traffic?: CanaryTraffic;
}

/**
 * A stable and a canary Deployment of one app behind one Service. Traffic goes to the canary by
 * replica ratio, or by weight through an ingress-nginx canary Ingress or a Gateway API HTTPRoute.
 * `kapstan promote NAME` moves stable to the canary's version; `kapstan abort NAME` drops the canary.
 */
export class CanaryRelease extends Construct {
  public readonly name: string;
  public readonly serviceName: string;

  constructor(scope: Construct, id: string, props: CanaryReleaseProps) {
    super(scope, id);
    const name = checkName(this, 'name', props.name ?? id, 45);
    const ns = props.namespace ?? Chart.of(this).namespace;
    const traffic = props.traffic ?? { type: 'replicas' };
    if (traffic.type !== 'replicas' && (!Number.isInteger(traffic.weight) || traffic.weight < 0 || traffic.weight > 100)) {
      throw constructError(this, 'traffic.weight', `must be an integer percentage 0..100, got ${traffic.weight}`);
    }
    if (!props.stable?.image) throw constructError(this, 'stable.image', 'is required');
    if (props.canary && !props.canary.image) throw constructError(this, 'canary.image', 'is required');
    this.name = name;
    this.serviceName = name;
    const containerPort = props.containerPort ?? 8080;
    const servicePort = props.servicePort ?? 80;

    const app = { name, instance: name, component: 'web' };
    const selector = selectorLabels(app);
    const baseLabels = { ...recommendedLabels(app), [CANARY_LABEL]: name };
    const meta = (n: string, extra: Record<string, string> = {}): k8s.ObjectMeta => ({
      name: n, namespace: ns, labels: { ...baseLabels, ...extra },
    });

    const deployment = (track: Track, t: CanaryTrackProps, field: string) => {
      const replicas = checkPositiveInt(this, `${field}.replicas`, t.replicas ?? (track === 'stable' ? 3 : 1), 0);
      const labels = { ...baseLabels, [TRACK_LABEL]: track, ...(t.version ? { 'app.kubernetes.io/version': t.version } : {}) };
      const trackSelector = { ...selector, [TRACK_LABEL]: track };
      return new k8s.KubeDeployment(this, track === 'stable' ? 'Stable' : 'Canary', {
        metadata: { name: trackName(name, track), namespace: ns, labels },
        spec: {
          replicas,
          revisionHistoryLimit: 5,
          minReadySeconds: 5,
          progressDeadlineSeconds: 300,
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: port('25%'), maxUnavailable: port(0) } },
          selector: { matchLabels: trackSelector },
          template: {
            metadata: { labels },
            spec: {
              automountServiceAccountToken: false,
              securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
              topologySpreadConstraints: zoneSpread(trackSelector, 'ScheduleAnyway', false),
              containers: [
                {
                  name: 'app',
                  image: t.image,
                  env: t.env ? Object.keys(t.env).sort().map((k) => ({ name: k, value: t.env![k] })) : undefined,
                  ports: [{ name: 'http', containerPort, protocol: 'TCP' }],
                  resources: resourceRequirements(
                    props.resources ?? { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } },
                  ),
                  securityContext: restrictedContainer(),
                  readinessProbe: { httpGet: { path: props.readinessPath ?? '/readyz', port: port('http') }, periodSeconds: 5, failureThreshold: 3 },
                  livenessProbe: { httpGet: { path: props.livenessPath ?? '/healthz', port: port('http') }, periodSeconds: 10, failureThreshold: 3 },
                  volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
                },
              ],
              volumes: [{ name: 'tmp', emptyDir: {} }],
            },
          },
        },
      });
    };
    deployment('stable', props.stable, 'stable');
    deployment('canary', props.canary ?? { ...props.stable, replicas: 0 }, 'canary');

    const ports: k8s.ServicePort[] = [{ name: 'http', port: servicePort, targetPort: port('http'), protocol: 'TCP' }];
    // The release Service spans both tracks: with replica-ratio traffic this is the split.
    new k8s.KubeService(this, 'Service', { metadata: meta(name), spec: { selector, ports } });
    if (traffic.type === 'replicas') return;

    // Weighted traffic needs a Service per track.
    for (const track of ['stable', 'canary'] as const) {
      new k8s.KubeService(this, track === 'stable' ? 'StableService' : 'CanaryService', {
        metadata: meta(trackName(name, track), { [TRACK_LABEL]: track }),
        spec: { selector: { ...selector, [TRACK_LABEL]: track }, ports },
      });
    }
    if (traffic.type === 'ingress-nginx') this.nginx(traffic, name, meta, servicePort);
    else this.gateway(traffic, name, meta, servicePort);
  }

  private nginx(t: NginxCanaryTraffic, name: string, meta: (n: string, e?: Record<string, string>) => k8s.ObjectMeta, servicePort: number): void {
    const rule = (service: string): k8s.IngressRule => ({
      host: t.host,
      http: { paths: [{ path: t.path ?? '/', pathType: 'Prefix', backend: { service: { name: service, port: { number: servicePort } } } }] },
    });
    const ingressClassName = t.className ?? 'nginx';
    new k8s.KubeIngress(this, 'Ingress', {
      metadata: { ...meta(name, { [TRACK_LABEL]: 'stable' }), annotations: t.annotations },
      spec: { ingressClassName, rules: [rule(trackName(name, 'stable'))] },
    });
    new k8s.KubeIngress(this, 'CanaryIngress', {
      metadata: {
        ...meta(trackName(name, 'canary'), { [TRACK_LABEL]: 'canary' }),
        annotations: { ...t.annotations, [NGINX_CANARY]: 'true', [NGINX_CANARY_WEIGHT]: String(t.weight) },
      },
      spec: { ingressClassName, rules: [rule(trackName(name, 'canary'))] },
    });
  }

  private gateway(t: GatewayCanaryTraffic, name: string, meta: (n: string) => k8s.ObjectMeta, servicePort: number): void {
    new ApiObject(this, 'HTTPRoute', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: meta(name),
      spec: {
        parentRefs: [{ name: t.gateway.name, namespace: t.gateway.namespace, sectionName: t.gateway.sectionName }],
        hostnames: t.hostnames,
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: t.path ?? '/' } }],
            backendRefs: [
              { name: trackName(name, 'stable'), port: servicePort, weight: 100 - t.weight },
              { name: trackName(name, 'canary'), port: servicePort, weight: t.weight },
            ],
          },
        ],
      },
    });
  }
}
