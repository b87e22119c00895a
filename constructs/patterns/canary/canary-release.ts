import { ApiObject, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { recommendedLabels, selectorLabels } from '../../labels';
import { checkName, checkPositiveInt, constructError } from '../../errors';
import { envList, port, resourceRequirements, restrictedContainer, zoneSpread, type Resources } from '../k8s-helpers';
import { HttpIngressPathType, Ingress } from '../../networking/ingress';
import { Service, type ServicePortSpec } from '../../networking/service';
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

const DEFAULT_RESOURCES: Resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } };

/**
 * A stable and a canary Deployment of one app behind one Service. Traffic goes to the canary by
 * replica ratio, or by weight through an ingress-nginx canary Ingress or a Gateway API HTTPRoute.
 * `kapstan promote NAME` moves stable to the canary's version; `kapstan abort NAME` drops the canary.
 */
export class CanaryRelease extends Construct {
  public readonly name: string;
  public readonly serviceName: string;
  private readonly namespace?: string;
  private readonly selector: Record<string, string>;
  /** Labels of every object: the recommended ones and the canary label. */
  private readonly baseLabels: Record<string, string>;

  constructor(scope: Construct, id: string, props: CanaryReleaseProps) {
    super(scope, id);
    const name = checkName(this, 'name', props.name ?? id, 45);
    this.namespace = props.namespace ?? Chart.of(this).namespace;
    const traffic = props.traffic ?? { type: 'replicas' };
    this.checkProps(props, traffic);
    this.name = name;
    this.serviceName = name;
    const app = { name, instance: name, component: 'web' };
    this.selector = selectorLabels(app);
    this.baseLabels = { ...recommendedLabels(app), [CANARY_LABEL]: name };

    this.buildTrack('stable', props.stable, props);
    this.buildTrack('canary', props.canary ?? { ...props.stable, replicas: 0 }, props);
    const servicePort = props.servicePort ?? 80;
    const ports: ServicePortSpec[] = [{ name: 'http', port: servicePort, targetPort: 'http' }];
    new Service(this, 'Service', { metadata: this.meta(name), selector: { labels: this.selector }, ports });
    if (traffic.type === 'replicas') return;

    const trackServices = this.buildTrackServices(ports);
    if (traffic.type === 'ingress-nginx') this.nginx(traffic, trackServices, servicePort);
    else this.gateway(traffic, servicePort);
  }

  private checkProps(props: CanaryReleaseProps, traffic: CanaryTraffic): void {
    if (traffic.type !== 'replicas' && (!Number.isInteger(traffic.weight) || traffic.weight < 0 || traffic.weight > 100)) {
      throw constructError(this, 'traffic.weight', `must be an integer percentage 0..100, got ${traffic.weight}`);
    }
    if (!props.stable?.image) throw constructError(this, 'stable.image', 'is required');
    if (props.canary && !props.canary.image) throw constructError(this, 'canary.image', 'is required');
  }

  private meta(n: string, extra: Record<string, string> = {}): k8s.ObjectMeta {
    return { name: n, namespace: this.namespace, labels: { ...this.baseLabels, ...extra } };
  }

  /** The Deployment of one track; its pods carry the track label (and the track's version). */
  private buildTrack(track: Track, t: CanaryTrackProps, props: CanaryReleaseProps): k8s.KubeDeployment {
    const replicas = checkPositiveInt(this, `${track}.replicas`, t.replicas ?? (track === 'stable' ? 3 : 1), 0);
    const labels = { ...this.baseLabels, [TRACK_LABEL]: track, ...(t.version ? { 'app.kubernetes.io/version': t.version } : {}) };
    const trackSelector = { ...this.selector, [TRACK_LABEL]: track };
    return new k8s.KubeDeployment(this, track === 'stable' ? 'Stable' : 'Canary', {
      metadata: { name: trackName(this.name, track), namespace: this.namespace, labels },
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
            containers: [trackContainer(t, props)],
            volumes: [{ name: 'tmp', emptyDir: {} }],
          },
        },
      },
    });
  }

  /** One Service per track, for the weighted routes to point at. */
  private buildTrackServices(ports: ServicePortSpec[]): Record<Track, Service> {
    const services = {} as Record<Track, Service>;
    for (const track of ['stable', 'canary'] as const) {
      services[track] = new Service(this, track === 'stable' ? 'StableService' : 'CanaryService', {
        metadata: this.meta(trackName(this.name, track), { [TRACK_LABEL]: track }),
        selector: { labels: { ...this.selector, [TRACK_LABEL]: track } },
        ports,
      });
    }
    return services;
  }

  /** Two Ingresses on the same host: ingress-nginx sends `weight`% of requests to the canary one. */
  private nginx(t: NginxCanaryTraffic, services: Record<Track, Service>, servicePort: number): void {
    const name = this.name;
    const route = (track: Track) => ({ host: t.host, path: t.path ?? '/', pathType: HttpIngressPathType.PREFIX, service: services[track], port: servicePort });
    const className = t.className ?? 'nginx';
    new Ingress(this, 'Ingress', {
      metadata: { ...this.meta(name, { [TRACK_LABEL]: 'stable' }), annotations: t.annotations },
      className,
      routes: [route('stable')],
    });
    new Ingress(this, 'CanaryIngress', {
      metadata: {
        ...this.meta(trackName(name, 'canary'), { [TRACK_LABEL]: 'canary' }),
        annotations: { ...t.annotations, [NGINX_CANARY]: 'true', [NGINX_CANARY_WEIGHT]: String(t.weight) },
      },
      className,
      routes: [route('canary')],
    });
  }

  private gateway(t: GatewayCanaryTraffic, servicePort: number): void {
    const name = this.name;
    new ApiObject(this, 'HTTPRoute', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: this.meta(name),
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

/** The `app` container of one track, on the `http` port with probes and a writable /tmp. */
function trackContainer(t: CanaryTrackProps, props: CanaryReleaseProps): k8s.Container {
  return {
    name: 'app',
    image: t.image,
    env: envList(t.env),
    ports: [{ name: 'http', containerPort: props.containerPort ?? 8080, protocol: 'TCP' }],
    resources: resourceRequirements(props.resources ?? DEFAULT_RESOURCES),
    securityContext: restrictedContainer(),
    readinessProbe: { httpGet: { path: props.readinessPath ?? '/readyz', port: port('http') }, periodSeconds: 5, failureThreshold: 3 },
    livenessProbe: { httpGet: { path: props.livenessPath ?? '/healthz', port: port('http') }, periodSeconds: 10, failureThreshold: 3 },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
}
