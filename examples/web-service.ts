// A web service on the foundation constructs: probes, HPA, PDB, spread across zones, Ingress,
// NetworkPolicy, configuration from a ConfigMap and a Secret, pulled from a private registry.
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import type { Construct } from 'constructs';
import {
  ConfigMap, Deployment, DockerRegistrySecret, HorizontalPodAutoscaler, Ingress, NetworkPeer, NetworkPolicy,
  PodDisruptionBudget, ScalingMetric, Secret, Service, TlsSecret,
} from '../constructs';
import { Stack } from '../stacks';

const app = { name: 'storefront', version: '2.3.1', component: 'frontend', partOf: 'shop' };

export function webServiceExample(scope: Construct): Stack {
  const stack = new Stack(scope, 'web', { namespace: 'shop', labels: { team: 'storefront' } });

  const config = new ConfigMap(stack, 'Config', {
    metadata: { name: 'storefront-config' },
    app,
    data: { LOG_LEVEL: 'info', CATALOG_URL: 'http://catalog.shop.svc.cluster.local' },
  });
  const session = new Secret(stack, 'SessionKey', {
    metadata: { name: 'storefront-session' },
    app,
    stringData: { SESSION_KEY: 'replace-me-from-your-secret-store' },
  });
  const registry = new DockerRegistrySecret(stack, 'Registry', {
    metadata: { name: 'ghcr-pull' },
    registries: [{ server: 'ghcr.io', username: 'ci-bot', password: 'replace-me' }],
  });

  const web = new Deployment(stack, 'Deployment', {
    metadata: { name: 'storefront' },
    app,
    replicas: 3,
    minReady: Duration.seconds(5),
    progressDeadline: Duration.minutes(5),
    revisionHistoryLimit: 5,
    strategy: kplus.DeploymentStrategy.rollingUpdate({
      maxSurge: kplus.PercentOrAbsolute.percent(25),
      maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
    }),
    imagePullSecrets: [registry],
    spreadAcrossZones: true,
    containers: [
      {
        name: 'web',
        image: 'ghcr.io/acme/storefront:2.3.1',
        ports: [{ name: 'http', number: 8080 }],
        env: {
          LOG_LEVEL: { configMap: config, key: 'LOG_LEVEL' },
          CATALOG_URL: { configMap: config, key: 'CATALOG_URL' },
          SESSION_KEY: { secret: session, key: 'SESSION_KEY' },
        },
        resources: {
          cpu: { request: kplus.Cpu.millis(200), limit: kplus.Cpu.units(1) },
          memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) },
        },
        readiness: kplus.Probe.fromHttpGet('/readyz', { port: 8080, periodSeconds: Duration.seconds(5) }),
        liveness: kplus.Probe.fromHttpGet('/healthz', { port: 8080, periodSeconds: Duration.seconds(10) }),
        startup: kplus.Probe.fromHttpGet('/healthz', { port: 8080, failureThreshold: 30 }),
      },
    ],
  });

  const service = new Service(stack, 'Service', {
    metadata: { name: 'storefront' },
    app,
    selector: { app },
    ports: [{ name: 'http', port: 80, targetPort: 'http' }],
  });

  new HorizontalPodAutoscaler(stack, 'Autoscaler', {
    metadata: { name: 'storefront' },
    app,
    target: web,
    minReplicas: 3,
    maxReplicas: 12,
    metrics: [ScalingMetric.cpuUtilization(70)],
    scaleDown: { stabilizationWindow: Duration.minutes(5) },
  });
  new PodDisruptionBudget(stack, 'Budget', { metadata: { name: 'storefront' }, app, selector: { app }, maxUnavailable: 1 });

  const tls = new TlsSecret(stack, 'Tls', {
    metadata: { name: 'storefront-tls' },
    tlsCert: '-----BEGIN CERTIFICATE-----\nreplace-me\n-----END CERTIFICATE-----\n',
    tlsKey: '-----BEGIN PRIVATE KEY-----\nreplace-me\n-----END PRIVATE KEY-----\n',
  });
  new Ingress(stack, 'Ingress', {
    metadata: { name: 'storefront' },
    app,
    className: 'nginx',
    routes: [{ host: 'shop.example.com', path: '/', service }],
    tls: [{ hosts: ['shop.example.com'], secret: tls }],
  });

  // Only the ingress controller may reach the pods, and only on the app port.
  new NetworkPolicy(stack, 'AllowIngress', {
    metadata: { name: 'storefront-allow-ingress' },
    app,
    selector: { app },
    ingress: [{ peers: [NetworkPeer.namespaces({ names: ['ingress-nginx'] })], ports: [{ port: 8080 }] }],
  });
  return stack;
}
