import { ApiObject, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { recommendedLabels, selectorLabels } from '../../labels';
import { checkName, checkPositiveInt, constructError } from '../../errors';
import type { Resources } from '../pod-style';
import { PATTERN_POD_STYLE, quantities, restrictedContainerProps, sortedEnv, zoneSpreadProps } from '../pod-style';
import type { ContainerProps } from '../../workloads/container';
import { Deployment } from '../../workloads/deployment';
import { WhenUnsatisfiable } from '../../workloads/scheduling';
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
  /** The stable track's Deployment (Kapstan's `Deployment`; the L1 object: `ApiObject.of(...)`). */
  public readonly stable: Deployment;
  /** The canary track's Deployment (0 replicas when no canary runs). */
  public readonly canary: Deployment;
  private readonly namespace?: string;
  private readonly selector: Record<string, string>;
  private readonly app: { name: string; instance: string; component: string };
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
    this.app = { name, instance: name, component: 'web' };
    this.selector = selectorLabels(this.app);
    this.baseLabels = { ...recommendedLabels(this.app), [CANARY_LABEL]: name };

    this.stable = this.buildTrack('stable', props.stable, props);
    this.canary = this.buildTrack('canary', props.canary ?? { ...props.stable, replicas: 0 }, props);
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
  private buildTrack(track: Track, t: CanaryTrackProps, props: CanaryReleaseProps): Deployment {
    const replicas = checkPositiveInt(this, `${track}.replicas`, t.replicas ?? (track === 'stable' ? 3 : 1), 0);
    const trackLabels = { [CANARY_LABEL]: this.name, [TRACK_LABEL]: track };
    const tmp = kplus.Volume.fromEmptyDir(this, `${track}-tmp`, 'tmp');
    const deployment = new Deployment(this, track === 'stable' ? 'Stable' : 'Canary', {
      metadata: { name: trackName(this.name, track), namespace: this.namespace, labels: trackLabels },
      podMetadata: { labels: trackLabels },
      app: { ...this.app, version: t.version },
      replicas,
      revisionHistoryLimit: 5,
      minReady: Duration.seconds(5),
      progressDeadline: Duration.seconds(300),
      strategy: kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.percent(25), maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }),
      ...PATTERN_POD_STYLE,
      automountServiceAccountToken: false,
      topologySpread: zoneSpreadProps(WhenUnsatisfiable.SCHEDULE_ANYWAY, false),
      containers: [trackContainer(t, props, tmp)],
    });
    // The tracks share the app labels: each selects its own pods by the track label too.
    deployment.select(kplus.LabelSelector.of({ labels: { [TRACK_LABEL]: track } }));
    return deployment;
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
function trackContainer(t: CanaryTrackProps, props: CanaryReleaseProps, tmp: kplus.Volume): ContainerProps {
  return {
    name: 'app',
    image: t.image,
    env: sortedEnv(t.env),
    ports: [{ name: 'http', number: props.containerPort ?? 8080, protocol: kplus.Protocol.TCP }],
    quantities: quantities(props.resources ?? DEFAULT_RESOURCES),
    securityContext: restrictedContainerProps(),
    readiness: kplus.Probe.fromHttpGet(props.readinessPath ?? '/readyz', { periodSeconds: Duration.seconds(5), failureThreshold: 3 }),
    liveness: kplus.Probe.fromHttpGet(props.livenessPath ?? '/healthz', { periodSeconds: Duration.seconds(10), failureThreshold: 3 }),
    namedProbePorts: true,
    volumeMounts: [{ volume: tmp, path: '/tmp' }],
  };
}
