// Semantic rules for mistakes the API server accepts but that fail at run time.
import type { ValidateOptions } from '../../../validate';
import { deployment, service, validateManifests as run } from './helpers';

const only = (rule: string, manifests: Array<Record<string, any>>, options: ValidateOptions = {}) =>
  run(manifests, options).filter((p) => p.rule === rule).map(({ field, message, severity }) => ({ field, message, severity }));

const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'not-printed-anywhere' } };
const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { 'app.yaml': 'x' } };

describe('reference/key', () => {
  it('reports an env var from a key the declared Secret lacks, never its values', () => {
    const d = deployment('web', { container: { env: [{ name: 'DB_USER', valueFrom: { secretKeyRef: { name: 'db', key: 'username' } } }] } });
    const problems = only('reference/key', [d, secret]);
    expect(problems).toEqual([{
      severity: 'error', field: 'spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.key', message: 'Secret "db" has no key "username"',
    }]);
    expect(JSON.stringify(run([d, secret]))).not.toContain('not-printed-anywhere');
  });

  it('accepts present keys and optional references, and checks volume items', () => {
    const ok = deployment('web', { container: { env: [
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
      { name: 'OPTIONAL', valueFrom: { secretKeyRef: { name: 'db', key: 'other', optional: true } } },
    ] } });
    expect(only('reference/key', [ok, secret])).toEqual([]);
    const withVolume: any = deployment('web');
    withVolume.spec.template.spec.volumes = [{ name: 'cfg', configMap: { name: 'cfg', items: [{ key: 'settings.yaml', path: 'app.yaml' }] } }];
    expect(only('reference/key', [withVolume, configMap])).toEqual([{
      severity: 'error', field: 'spec.template.spec.volumes[0].configMap.items[0].key', message: 'ConfigMap "cfg" has no key "settings.yaml"',
    }]);
  });
});

describe('backend', () => {
  const ingress = (name: string, port: Record<string, unknown>) => ({
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web' },
    spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port } } }] } }] },
  });

  it('reports an Ingress to a missing Service or to a port its Service does not expose', () => {
    const d = deployment('web');
    const s = service('web', { app: 'web' });
    expect(only('backend', [d, s, ingress('web', { number: 80 })])).toEqual([]);
    expect(only('backend', [d, s, ingress('web', { name: 'http' })])).toEqual([]);
    expect(only('backend', [d, s, ingress('web', { number: 8080 })])).toEqual([{
      severity: 'error', field: 'spec.rules[0].http.paths[0].backend.service.port', message: 'Service "web" exposes no port 8080',
    }]);
    expect(only('backend', [d, s, ingress('api', { number: 80 })])).toEqual([{
      severity: 'error', field: 'spec.rules[0].http.paths[0].backend.service.name',
      message: 'Service "api" is not declared in the app in namespace "" nor listed as external (external.services)',
    }]);
    expect(only('backend', [d, s, ingress('api', { number: 80 })], { external: { services: ['api'] } })).toEqual([]);
  });

  it('checks Gateway API route backendRefs', () => {
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'web' },
      spec: { rules: [{ backendRefs: [{ name: 'web', port: 9090 }] }] },
    };
    expect(only('backend', [deployment('web'), service('web', { app: 'web' }), route])).toEqual([{
      severity: 'error', field: 'spec.rules[0].backendRefs[0].port', message: 'Service "web" exposes no port 9090',
    }]);
  });
});

describe('scale-target and disruption-budget', () => {
  const hpa = (kind: string, name: string, minReplicas = 2) => ({
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind, name }, minReplicas, maxReplicas: 5 },
  });
  const pdb = (spec: Record<string, unknown>) => ({
    apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
  });

  it('reports an autoscaler whose target the app does not declare', () => {
    expect(only('scale-target', [deployment('web'), hpa('Deployment', 'web')])).toEqual([]);
    expect(only('scale-target', [deployment('web'), hpa('Deployment', 'api')])).toEqual([{
      severity: 'error', field: 'spec.scaleTargetRef', message: 'Deployment "api" is not declared in the app in namespace ""',
    }]);
  });

  it('reports a budget that allows no eviction, counting an autoscaler minimum as the replicas', () => {
    const d = deployment('web'); // 2 replicas
    expect(only('disruption-budget', [d, pdb({ minAvailable: 1 })])).toEqual([]);
    expect(only('disruption-budget', [d, pdb({ minAvailable: 2 })])).toEqual([{
      severity: 'error', field: 'spec.minAvailable',
      message: 'allows no eviction: it covers 2 replicas (Deployment web), so no node running them can be drained',
    }]);
    expect(only('disruption-budget', [d, pdb({ minAvailable: '100%' })])).toHaveLength(1);
    expect(only('disruption-budget', [d, pdb({ maxUnavailable: 0 })])).toHaveLength(1);
    expect(only('disruption-budget', [d, pdb({ minAvailable: 2 }), hpa('Deployment', 'web', 3)])).toEqual([]);
  });
});

describe('statefulset-service', () => {
  const sts = {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' },
    spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:16' }] } } },
  };
  const svc = (clusterIP?: string) => ({
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { ...(clusterIP ? { clusterIP } : {}), selector: { app: 'db' }, ports: [{ port: 5432 }] },
  });

  it('requires a headless governing Service in the app', () => {
    expect(only('statefulset-service', [sts, svc('None')])).toEqual([]);
    expect(only('statefulset-service', [sts])).toEqual([{
      severity: 'error', field: 'spec.serviceName',
      message: 'governing Service "db" is not declared in the app in namespace "" nor listed as external (external.services)',
    }]);
    expect(only('statefulset-service', [sts, svc()])[0].message).toBe('governing Service "db" is not headless (spec.clusterIP: None), so its pods get no stable DNS names');
  });
});

describe('node-pool', () => {
  const nodePools = [
    { name: 'general', labels: { pool: 'general' } },
    { name: 'gpu', labels: { pool: 'gpu' }, taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' as const }] },
  ];
  const withSpec = (extra: Record<string, unknown>) => {
    const d: any = deployment('train');
    Object.assign(d.spec.template.spec, extra);
    return d;
  };

  it('reports pods that no declared pool can run, and nothing when no pools are declared', () => {
    const gpuOnly = withSpec({ nodeSelector: { pool: 'gpu' } });
    expect(only('node-pool', [gpuOnly])).toEqual([]);
    expect(only('node-pool', [gpuOnly], { nodePools })).toEqual([{
      severity: 'error', field: 'spec.template.spec.nodeSelector',
      message: 'no declared node pool can run these pods: general: nodeSelector pool=gpu (pool has pool=general); gpu: taint nvidia.com/gpu=present:NoSchedule is not tolerated',
    }]);
    const tolerated = withSpec({ nodeSelector: { pool: 'gpu' }, tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] });
    expect(only('node-pool', [tolerated], { nodePools })).toEqual([]);
    const affinity = withSpec({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['tpu'] }] }] } } } });
    expect(only('node-pool', [affinity], { nodePools })).toHaveLength(1);
    expect(only('node-pool', [deployment('web')], { nodePools })).toEqual([]);
  });
});

describe('stack validation options reach synthesis', () => {
  it("a Stack's nodePools are checked at synth", async () => {
    const { App } = await import('cdk8s');
    const { Stack } = await import('../../../stacks');
    const { synthesize } = await import('../../../synth');
    const { ApiObject } = await import('cdk8s');
    const app = new App();
    const stack = new Stack(app, 'prod', { namespace: 'shop', validation: { nodePools: [{ name: 'general', labels: { pool: 'general' } }] } });
    const d: any = deployment('train');
    d.spec.template.spec.nodeSelector = { pool: 'gpu' };
    new ApiObject(stack, 'train', d);
    const out = (await import('fs')).mkdtempSync((await import('path')).join((await import('os')).tmpdir(), 'kapstan-pools-'));
    const result = synthesize(app, { outdir: out, validate: 'strict' });
    expect(result.problems.filter((p) => p.rule === 'node-pool').map((p) => p.field)).toEqual(['spec.template.spec.nodeSelector']);
    expect(result.ok).toBe(false);
  });
});
