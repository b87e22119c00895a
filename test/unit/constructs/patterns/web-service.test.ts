import { ApiObject, Chart, Testing } from 'cdk8s';
import { WebService } from '../../../../constructs/patterns';
import { Ingress } from '../../../../constructs/networking';
import { Deployment } from '../../../../constructs/workloads';
import { find, kinds, synthStack } from './helpers';

describe('WebService', () => {
  const { manifests, errors } = synthStack((s) => {
    new WebService(s, 'api', {
      image: 'ghcr.io/acme/api:1.4.2',
      version: '1.4.2',
      env: { LOG_LEVEL: 'info' },
      ingress: { host: 'api.example.com', tlsSecretName: 'api-tls' },
      networkPolicy: { allowFromNamespaces: [{ 'kubernetes.io/metadata.name': 'ingress-nginx' }] },
    });
  });
  const deploy = find(manifests, 'Deployment', 'api');
  const pod = deploy.spec.template.spec;

  it('emits Deployment, Service, HPA, PDB, Ingress and NetworkPolicy that validate', () => {
    expect(kinds(manifests)).toEqual([
      'Deployment/api', 'HorizontalPodAutoscaler/api', 'Ingress/api', 'NetworkPolicy/api', 'PodDisruptionBudget/api', 'Service/api',
    ]);
    expect(errors).toEqual([]);
  });

  it('has readiness, liveness and startup probes on the named port', () => {
    const c = pod.containers[0];
    expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(c.startupProbe.httpGet.path).toBe('/healthz');
    expect(c.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(c.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
  });

  it('spreads across zones and autoscales from 2 to 10 on CPU', () => {
    expect(pod.topologySpreadConstraints[0]).toMatchObject({ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway' });
    const hpa = find(manifests, 'HorizontalPodAutoscaler', 'api');
    expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 10, scaleTargetRef: { kind: 'Deployment', name: 'api' } });
    expect(hpa.spec.metrics[0].resource.target.averageUtilization).toBe(70);
    expect(deploy.spec.replicas).toBe(2);
    expect(find(manifests, 'PodDisruptionBudget', 'api').spec.selector.matchLabels).toEqual(deploy.spec.selector.matchLabels);
  });

  it('routes the Ingress host to the Service and limits ingress to the app port', () => {
    const ing = find(manifests, 'Ingress', 'api');
    expect(ing.spec.rules[0].host).toBe('api.example.com');
    expect(ing.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'api', port: { name: 'http' } });
    expect(ing.spec.tls).toEqual([{ hosts: ['api.example.com'], secretName: 'api-tls' }]);
    const np = find(manifests, 'NetworkPolicy', 'api');
    expect(np.spec.ingress[0].ports).toEqual([{ port: 'http', protocol: 'TCP' }]);
    expect(np.spec.ingress[0].from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }]);
  });

  it('requires zone spread when asked and leaves the Ingress out by default', () => {
    const { manifests: m } = synthStack((s) => new WebService(s, 'w', { image: 'nginx:1.27', zoneSpread: 'required' }));
    expect(find(m, 'Deployment', 'w').spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable).toBe('DoNotSchedule');
    expect(m.find((x) => x.kind === 'Ingress')).toBeUndefined();
  });

  it('rejects bad props naming the construct path and field', () => {
    const chart = () => new Chart(Testing.app(), 'prod', { namespace: 'web' });
    expect(() => new WebService(chart(), 'w', { image: 'x:1', minReplicas: 5, maxReplicas: 3 })).toThrow(
      'prod/w: maxReplicas: must be >= minReplicas (3 < 5)',
    );
    expect(() => new WebService(chart(), 'w', { image: 'x:1', targetCpuUtilization: 150 })).toThrow('prod/w: targetCpuUtilization: must be 1..100, got 150');
    expect(() => new WebService(chart(), 'w', { image: '' })).toThrow('prod/w: image: is required');
  });
});

describe('WebService building blocks', () => {
  test('deployment and ingress are Kapstan constructs (the L1 objects: ApiObject.of(...))', () => {
    let web: WebService | undefined;
    synthStack((s) => { web = new WebService(s, 'w', { image: 'nginx:1.27', ingress: { host: 'w.example.com' } }); });
    expect(web!.deployment).toBeInstanceOf(Deployment);
    expect(web!.ingress).toBeInstanceOf(Ingress);
    expect(ApiObject.of(web!.deployment).kind).toBe('Deployment');
  });
});
