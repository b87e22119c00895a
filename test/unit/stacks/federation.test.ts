import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { Federation, type FederationProps } from '../../../stacks';
import { KARMADA_CRDS } from '../../../stacks/karmada';
import { synthesize } from '../../../synth';
import { validateObjects } from '../../../validate';
import { readIndex, readTree, tempDir } from '../synth/helpers';
import { find, stackManifests } from './helpers';

const MEMBERS: FederationProps['members'] = [
  { name: 'eu-1', context: 'kind-eu-1', labels: { region: 'eu', zone: 'a' }, weight: 2 },
  { name: 'eu-2', context: 'kind-eu-2', labels: { region: 'eu', zone: 'b' }, weight: 1, wave: 2 },
  { name: 'us-1', labels: { region: 'us', zone: 'c' }, weight: 1, wave: 2 },
];

function deployment(scope: Chart, name: string, replicas: number, env?: { name: string; value: string }[]) {
  const labels = { app: name };
  return new ApiObject(scope, name, {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
    spec: {
      replicas, selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [
        { name: 'app', image: 'nginx:1.27.3', ...(env ? { env } : {}), resources: { requests: { cpu: '100m' } } },
        { name: 'sidecar', image: 'envoy:1.31' },
      ] } },
    },
  });
}

const HPA_METRICS = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }];
const HPA_BEHAVIOR = { scaleDown: { stabilizationWindowSeconds: 300 } };

function autoscaler(scope: Chart, name: string, minReplicas: number, maxReplicas: number) {
  return new ApiObject(scope, `${name}-hpa`, {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, minReplicas, maxReplicas, metrics: HPA_METRICS, behavior: HPA_BEHAVIOR },
  });
}

function setup(props: Partial<FederationProps> = {}) {
  const app = new App();
  const fed = new Federation(app, 'global', { members: MEMBERS, namespace: 'web', labels: { team: 'payments' }, ...props });
  const web = new Chart(fed, 'web');
  return { app, fed, web };
}

function synth(app: App, validate: 'off' | 'strict' = 'off') {
  const out = tempDir();
  const result = synthesize(app, { outdir: out, validate });
  return { out, result, dir: (c: string) => path.join(out, 'global', c) };
}

describe('Federation', () => {
  test('Divided replicas follow the weights (8 at 2:1:1 is 4/2/2); each member is a stack in dist/<federation>/<cluster>/', () => {
    const { app, fed, web } = setup();
    deployment(web, 'api', 8);
    fed.place(web, { replicas: { type: 'Divided' } });
    const { out, result, dir } = synth(app);
    expect(result.problems).toEqual([]);
    expect(fs.readdirSync(path.join(out, 'global')).sort()).toEqual(['eu-1', 'eu-2', 'us-1']);
    expect(['eu-1', 'eu-2', 'us-1'].map((c) => find(dir(c), 'Deployment', 'api').spec.replicas)).toEqual([4, 2, 2]);
    expect(result.stacks.map((s) => [s.name, s.dir, s.context])).toEqual([
      ['global-eu-1', 'global/eu-1', 'kind-eu-1'], ['global-eu-2', 'global/eu-2', 'kind-eu-2'], ['global-us-1', 'global/us-1', 'us-1'],
    ]);
  });

  test('Divided also splits an autoscaler\'s bounds, so no member scales up to the federation-wide minimum', () => {
    const { app, fed, web } = setup();
    deployment(web, 'api', 8);
    new ApiObject(web, 'api-hpa', {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'api' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, minReplicas: 8, maxReplicas: 20 },
    });
    fed.place(web, { replicas: { type: 'Divided', limits: { 'us-1': { max: 1 } } } });
    const { result, dir } = synth(app);
    expect(result.problems).toEqual([]);
    const bounds = ['eu-1', 'eu-2', 'us-1'].map((c) => {
      const hpa = find(dir(c), 'HorizontalPodAutoscaler', 'api');
      return [hpa.spec.minReplicas, hpa.spec.maxReplicas];
    });
    // 8 and 20 at 2:1:1, then us-1 capped at 1.
    expect(bounds).toEqual([[4, 10], [2, 5], [1, 1]]);
  });

  test('index.json carries the federation block the engine needs (cluster, labels, weight, wave)', () => {
    const { app, web } = setup();
    deployment(web, 'api', 2);
    const { dir } = synth(app);
    const index = readIndex(dir('eu-2'));
    expect(index).toMatchObject({ stack: 'global-eu-2', context: 'kind-eu-2', namespace: 'web', labels: { team: 'payments' } });
    expect(index.federation).toEqual({ name: 'global', cluster: 'eu-2', labels: { region: 'eu', zone: 'b' }, weight: 1, wave: 2 });
    expect(index.objects.map((o: any) => o.path)).toEqual(['global/web/api']);
  });

  test('unplaced objects are duplicated to every member, with the federation namespace and labels', () => {
    const { app, web } = setup();
    deployment(web, 'api', 3);
    const { dir } = synth(app);
    for (const c of ['eu-1', 'eu-2', 'us-1']) {
      const d = find(dir(c), 'Deployment', 'api');
      expect(d.spec.replicas).toBe(3);
      expect(d.metadata.namespace).toBe('web');
      expect(d.metadata.labels.team).toBe('payments');
    }
  });

  test('placement by name and by label selector; the nearest placement wins', () => {
    const { app, fed, web } = setup();
    const only = new Chart(web, 'only-us');
    deployment(web, 'everywhere-eu', 1);
    deployment(only, 'us-only', 1);
    fed.place(web, { selector: { matchLabels: { region: 'eu' } } });
    fed.place(only, { clusters: ['us-1'] });
    const { dir } = synth(app);
    const names = (c: string) => stackManifests(dir(c)).map((m) => m.metadata.name);
    expect(names('eu-1')).toEqual(['everywhere-eu']);
    expect(names('eu-2')).toEqual(['everywhere-eu']);
    expect(names('us-1')).toEqual(['us-only']);
  });

  test('names and selector together must both match', () => {
    const { app, fed, web } = setup();
    deployment(web, 'api', 1);
    fed.place(web, { clusters: ['eu-1', 'us-1'], selector: { matchExpressions: [{ key: 'region', operator: 'In', values: ['eu'] }] } });
    const { out } = synth(app);
    expect(fs.readdirSync(path.join(out, 'global')).filter((c) => stackManifests(path.join(out, 'global', c)).length)).toEqual(['eu-1']);
  });

  test('Divided with per-cluster limits', () => {
    const { app, fed, web } = setup();
    deployment(web, 'api', 8);
    fed.place(web, { replicas: { type: 'Divided', limits: { 'eu-1': { max: 3 }, 'us-1': { min: 3 } } } });
    const { dir } = synth(app);
    expect(['eu-1', 'eu-2', 'us-1'].map((c) => find(dir(c), 'Deployment', 'api').spec.replicas)).toEqual([3, 2, 3]);
  });

  test('impossible limits are a synth error naming the object and field; nothing is written', () => {
    const { app, fed, web } = setup();
    deployment(web, 'api', 2);
    fed.place(web, { replicas: { type: 'Divided', limits: { 'eu-1': { min: 2 }, 'us-1': { min: 2 } } } });
    const { out, result } = synth(app);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{
      severity: 'error', rule: 'federation/replicas', path: 'global/web/api', field: 'spec.replicas',
      message: 'cannot divide by placement global/web: the per-cluster minimums add up to 4, more than the 2 replicas',
    }]);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  test('overrides of image, env, resources and replicas apply in the selected clusters only', () => {
    const { app, fed, web } = setup();
    const api = deployment(web, 'api', 8, [{ name: 'LOG', value: 'info' }]);
    fed.place(web, { replicas: { type: 'Divided' } });
    fed.override(api, { clusters: ['us-1'], container: 'app', image: 'registry.us/nginx:1.27.3', env: { LOG: 'debug', REGION: 'us' }, resources: { limits: { memory: '1Gi' } } });
    fed.override(api, { selector: { matchLabels: { zone: 'b' } }, replicas: 5 });
    const { dir } = synth(app);
    const us = find(dir('us-1'), 'Deployment', 'api');
    const [app0, sidecar] = us.spec.template.spec.containers;
    expect(app0.image).toBe('registry.us/nginx:1.27.3');
    expect(app0.env).toEqual([{ name: 'LOG', value: 'debug' }, { name: 'REGION', value: 'us' }]);
    expect(app0.resources).toEqual({ requests: { cpu: '100m' }, limits: { memory: '1Gi' } });
    expect(sidecar).toEqual({ name: 'sidecar', image: 'envoy:1.31' }); // container filter
    const eu1 = find(dir('eu-1'), 'Deployment', 'api').spec.template.spec.containers[0];
    expect(eu1).toMatchObject({ image: 'nginx:1.27.3', env: [{ name: 'LOG', value: 'info' }] });
    // a replica override wins over the division
    expect(['eu-1', 'eu-2', 'us-1'].map((c) => find(dir(c), 'Deployment', 'api').spec.replicas)).toEqual([4, 5, 2]);
  });

  test('overrides with any JSON patch, limited to kinds', () => {
    const { app, fed, web } = setup();
    deployment(web, 'api', 1);
    new ApiObject(web, 'conf', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf' }, data: { mode: 'a' } });
    fed.override(web, { clusters: ['eu-2'], kinds: ['ConfigMap'], patches: [{ op: 'replace', path: '/data/mode', value: 'b' }, { op: 'add', path: '/data/extra', value: 'x' }] });
    const { dir } = synth(app);
    expect(find(dir('eu-2'), 'ConfigMap', 'conf').data).toEqual({ mode: 'b', extra: 'x' });
    expect(find(dir('eu-1'), 'ConfigMap', 'conf').data).toEqual({ mode: 'a' });
  });

  test('a patch that does not apply is an error naming the object, override and cluster', () => {
    const { app, fed, web } = setup();
    deployment(web, 'api', 1);
    fed.override(web, { clusters: ['eu-1'], patches: [{ op: 'replace', path: '/spec/missing/field', value: 1 }] });
    const { result } = synth(app);
    expect(result.ok).toBe(false);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ severity: 'error', rule: 'federation/override', path: 'global/web/api', field: 'overrides[0]' });
    expect(result.problems[0].message).toMatch(/^in cluster eu-1: /);
  });

  test('an override that cannot change anything under its construct is an error', () => {
    const { app, fed, web } = setup();
    new ApiObject(web, 'conf', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf' } });
    fed.override(web, { clusters: ['eu-1'], image: 'nginx:1.28' });
    const { result } = synth(app);
    expect(result.problems).toEqual([{
      severity: 'error', rule: 'federation/override', path: 'global/web', field: 'overrides[0]',
      message: 'changes no object under this construct (no matching workload, container or kind)',
    }]);
  });

  test('bad placement and override input fails at once, naming the construct path and field', () => {
    const { fed, web } = setup();
    expect(() => fed.place(web, { clusters: ['eu-1', 'ap-9'] })).toThrow("global/web: placement.clusters[1]: 'ap-9' is not a member (members: eu-1, eu-2, us-1)");
    expect(() => fed.place(web, { selector: { matchLabels: { region: 'ap' } } })).toThrow('global/web: placement selects no member cluster');
    expect(() => fed.place(web, { clusters: ['eu-1'], replicas: { type: 'Divided', limits: { 'us-1': { min: 1 } } } }))
      .toThrow("global/web: placement.replicas.limits.us-1: 'us-1' is not among the selected clusters (eu-1)");
    expect(() => fed.place(web, { replicas: { type: 'Divided', limits: { 'eu-1': { min: 3, max: 2 } } } }))
      .toThrow('global/web: placement.replicas.limits.eu-1: min 3 is greater than max 2');
    expect(() => fed.override(web, { clusters: ['eu-1'] })).toThrow('global/web: overrides[0] changes nothing: set image, replicas, env, resources or patches');
    expect(() => fed.override(web, { replicas: -1 })).toThrow('global/web: overrides[0].replicas must be a non-negative integer, got -1');
    expect(() => fed.override(web, { patches: [{ op: 'replace', path: 'no-slash', value: 1 } as any] })).toThrow(/^global\/web: overrides\[0\]\.patches\[0\]: /);
    const other = new Chart(new App(), 'elsewhere');
    expect(() => fed.place(other, {})).toThrow("elsewhere: can only place or override constructs inside federation 'global'");
  });

  test('bad members fail at construction, naming the field', () => {
    const app = new App();
    expect(() => new Federation(app, 'a', { members: [] })).toThrow('a: members must list at least one cluster');
    expect(() => new Federation(app, 'b', { members: [{ name: 'x' }, { name: 'x' }] })).toThrow("b: members[1].name 'x' is used twice");
    expect(() => new Federation(app, 'c', { members: [{ name: 'EU' }] })).toThrow("c: members[0].name 'EU' must be a DNS-1123 label");
    expect(() => new Federation(app, 'd', { members: [{ name: 'x', weight: 1.5 }] })).toThrow('d: members[0].weight must be a non-negative integer, got 1.5');
    expect(() => new Federation(app, 'e', { members: [{ name: 'x', wave: 0 }] })).toThrow('e: members[0].wave must be a positive integer, got 0');
    expect(() => new Federation(app, 'g', { members: [{ name: 'x', labels: { zone: 'eu west' } }] })).toThrow("g: members[0].labels.zone value 'eu west' is not a valid label value");
  });

  test('--stack selects a whole federation or one member', () => {
    const { app, web } = setup();
    deployment(web, 'api', 1);
    const out = tempDir();
    expect(synthesize(app, { outdir: out, validate: 'off', stack: 'global-us-1' }).stacks.map((s) => s.dir)).toEqual(['global/us-1']);
    expect(synthesize(app, { outdir: out, validate: 'off', stack: 'global/eu-2' }).stacks.map((s) => s.name)).toEqual(['global-eu-2']);
    expect(synthesize(app, { outdir: out, validate: 'off', stack: 'global' }).stacks).toHaveLength(3);
  });

  test('is deterministic', () => {
    const build = () => {
      const { app, fed, web } = setup({ karmada: true });
      const api = deployment(web, 'api', 7);
      fed.place(web, { replicas: { type: 'Divided' } });
      fed.override(api, { clusters: ['us-1'], image: 'nginx:1.28' });
      return app;
    };
    const a = synth(build()).out;
    const b = synth(build()).out;
    expect(Object.keys(readTree(a))).toHaveLength(9);
    expect(readTree(b)).toEqual(readTree(a));
  });
});

describe('Federation Karmada output', () => {
  test('writes resource templates with PropagationPolicy (weighted division) and OverridePolicy (plaintext overriders)', () => {
    const { app, fed, web } = setup({ karmada: { context: 'karmada-apiserver' } });
    const api = deployment(web, 'api', 8);
    fed.place(web, { replicas: { type: 'Divided' } });
    fed.override(api, { clusters: ['us-1'], container: 'app', image: 'registry.us/nginx:1.27.3' });
    const { result, out } = synth(app, 'strict');
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const dir = path.join(out, 'global', 'karmada');
    expect(readIndex(dir)).toMatchObject({ stack: 'global-karmada', context: 'karmada-apiserver', namespace: 'web' });
    expect(find(dir, 'Deployment', 'api').spec.replicas).toBe(8); // the template keeps the total
    const pp = find(dir, 'PropagationPolicy', 'global-web');
    expect(pp.apiVersion).toBe('policy.karmada.io/v1alpha1');
    expect(pp.metadata.namespace).toBe('web');
    expect(pp.spec).toEqual({
      resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }],
      placement: {
        clusterAffinity: { clusterNames: ['eu-1', 'eu-2', 'us-1'] },
        replicaScheduling: {
          replicaSchedulingType: 'Divided',
          replicaDivisionPreference: 'Weighted',
          weightPreference: { staticWeightList: [
            { targetCluster: { clusterNames: ['eu-1'] }, weight: 2 },
            { targetCluster: { clusterNames: ['eu-2'] }, weight: 1 },
            { targetCluster: { clusterNames: ['us-1'] }, weight: 1 },
          ] },
        },
      },
    });
    const op = find(dir, 'OverridePolicy', 'global-deployment-api');
    expect(op.spec).toEqual({
      resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }],
      overrideRules: [{
        targetCluster: { clusterNames: ['us-1'] },
        overriders: { plaintext: [{ path: '/spec/template/spec/containers/0/image', operator: 'replace', value: 'registry.us/nginx:1.27.3' }] },
      }],
    });
    // override policies come before propagation policies, so propagation starts with them in place
    const kinds = stackManifests(dir).map((m) => m.kind);
    expect(kinds.indexOf('OverridePolicy')).toBeLessThan(kinds.indexOf('PropagationPolicy'));
  });

  test('limits Karmada cannot express become Duplicated plus per-cluster replica overrides', () => {
    const { app, fed, web } = setup({ karmada: true });
    deployment(web, 'api', 8);
    fed.place(web, { replicas: { type: 'Divided', limits: { 'eu-1': { max: 3 } } } });
    const { out } = synth(app);
    const dir = path.join(out, 'global', 'karmada');
    expect(find(dir, 'PropagationPolicy', 'global-web').spec.placement.replicaScheduling).toEqual({ replicaSchedulingType: 'Duplicated' });
    const rules = find(dir, 'OverridePolicy', 'global-deployment-api').spec.overrideRules;
    expect(rules.map((r: any) => [r.targetCluster.clusterNames[0], r.overriders.plaintext[0].value])).toEqual([['eu-1', 3], ['eu-2', 3], ['us-1', 2]]);
  });

  test('cluster-scoped objects get a ClusterPropagationPolicy; unplaced objects the default policy', () => {
    const { app, fed } = setup({ karmada: true });
    new ApiObject(fed, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } });
    const { out } = synth(app);
    const cpp = find(path.join(out, 'global', 'karmada'), 'ClusterPropagationPolicy', 'global-default');
    expect(cpp.metadata.namespace).toBeUndefined();
    expect(cpp.spec.resourceSelectors).toEqual([{ apiVersion: 'v1', kind: 'Namespace', name: 'web' }]);
    expect(cpp.spec.placement.replicaScheduling).toEqual({ replicaSchedulingType: 'Duplicated' });
    // Placed by its policy only: Karmada's namespace controller is told to leave it alone.
    expect(find(path.join(out, 'global', 'karmada'), 'Namespace', 'web').metadata.labels).toMatchObject({ 'namespace.karmada.io/skip-auto-propagation': 'true' });
    expect(find(path.join(out, 'global', 'eu-1'), 'Namespace', 'web').metadata.labels?.['namespace.karmada.io/skip-auto-propagation']).toBeUndefined();
  });

  test('placements whose paths slug to the same name get distinct policy names', () => {
    const { app, fed, web } = setup({ karmada: true });
    const ab = new Chart(web, 'a-b');
    const a = new Chart(new Chart(fed, 'web-a'), 'b');
    deployment(ab, 'one', 1);
    deployment(a, 'two', 1);
    fed.place(ab, { clusters: ['eu-1'] });
    fed.place(a, { clusters: ['eu-2'] });
    const { out } = synth(app);
    const names = stackManifests(path.join(out, 'global', 'karmada')).filter((m) => m.kind === 'PropagationPolicy').map((m) => m.metadata.name);
    expect(names).toHaveLength(2);
    expect(new Set(names).size).toBe(2);
    expect(names).toContain('global-web-a-b');
  });

  test('a JSON patch operation Karmada cannot express is an error', () => {
    const { app, fed, web } = setup({ karmada: true });
    deployment(web, 'api', 1);
    fed.override(web, { clusters: ['eu-1'], patches: [{ op: 'copy', from: '/spec/replicas', path: '/spec/minReadySeconds' }] });
    const { result } = synth(app);
    expect(result.problems).toEqual([expect.objectContaining({
      rule: 'federation/karmada', path: 'global/web/api',
      message: "in cluster eu-1: Karmada overriders cannot express the 'copy' operation on /spec/minReadySeconds",
    })]);
  });

  test('an autoscaler placed Divided becomes a FederatedHPA with the federation-wide bounds, and is not propagated', () => {
    const { app, fed, web } = setup({ karmada: true });
    deployment(web, 'api', 8);
    autoscaler(web, 'api', 8, 20);
    fed.place(web, { replicas: { type: 'Divided' } });
    const { result, out, dir: member } = synth(app, 'strict');
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const dir = path.join(out, 'global', 'karmada');
    // Karmada's FederatedHPA scales the template's total; the static weights then split it.
    expect(find(dir, 'FederatedHPA', 'api')).toEqual({
      apiVersion: 'autoscaling.karmada.io/v1alpha1',
      kind: 'FederatedHPA',
      metadata: { name: 'api', namespace: 'web', labels: { 'app.kubernetes.io/managed-by': 'kapstan', team: 'payments' } },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
        minReplicas: 8,
        maxReplicas: 20,
        metrics: HPA_METRICS,
        behavior: HPA_BEHAVIOR,
      },
    });
    const manifests = stackManifests(dir);
    expect(manifests.filter((m) => m.kind === 'HorizontalPodAutoscaler')).toEqual([]);
    const pp = find(dir, 'PropagationPolicy', 'global-web');
    expect(pp.spec.resourceSelectors).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }]);
    expect(pp.spec.placement.replicaScheduling.replicaSchedulingType).toBe('Divided');
    expect(manifests.filter((m) => m.kind === 'OverridePolicy')).toEqual([]);
    // The member stacks still get their divided HPAs.
    expect(find(member('eu-1'), 'HorizontalPodAutoscaler', 'api').spec).toMatchObject({ minReplicas: 4, maxReplicas: 10 });
  });

  test('an autoscaler placed Duplicated is propagated as a plain HPA with its own bounds; no FederatedHPA', () => {
    const { app, fed, web } = setup({ karmada: true });
    deployment(web, 'api', 3);
    autoscaler(web, 'api', 3, 6);
    fed.place(web, { replicas: { type: 'Duplicated' } });
    const { result, out } = synth(app, 'strict');
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const dir = path.join(out, 'global', 'karmada');
    expect(stackManifests(dir).map((m) => m.kind)).not.toContain('FederatedHPA');
    expect(find(dir, 'HorizontalPodAutoscaler', 'api').spec).toMatchObject({ minReplicas: 3, maxReplicas: 6 });
    expect(find(dir, 'PropagationPolicy', 'global-web').spec.resourceSelectors).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'api' },
    ]);
  });

  test('with limits Karmada cannot express, the HPA is propagated with per-cluster bound overrides instead', () => {
    const { app, fed, web } = setup({ karmada: true });
    deployment(web, 'api', 8);
    autoscaler(web, 'api', 8, 20);
    fed.place(web, { replicas: { type: 'Divided', limits: { 'us-1': { max: 1 } } } });
    const { result, out, dir: member } = synth(app, 'strict');
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const dir = path.join(out, 'global', 'karmada');
    // A FederatedHPA would scale a template whose per-cluster replicas are pinned by overrides.
    expect(stackManifests(dir).map((m) => m.kind)).not.toContain('FederatedHPA');
    expect(find(dir, 'PropagationPolicy', 'global-web').spec.resourceSelectors).toContainEqual({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'api' });
    const rules = find(dir, 'OverridePolicy', 'global-horizontalpodautoscaler-api').spec.overrideRules;
    const bounds = rules.map((r: any) => [r.targetCluster.clusterNames[0], r.overriders.plaintext.map((o: any) => [o.path, o.operator, o.value])]);
    expect(bounds).toEqual([
      ['eu-1', [['/spec/minReplicas', 'replace', 4], ['/spec/maxReplicas', 'replace', 10]]],
      ['eu-2', [['/spec/minReplicas', 'replace', 2], ['/spec/maxReplicas', 'replace', 5]]],
      ['us-1', [['/spec/minReplicas', 'replace', 1], ['/spec/maxReplicas', 'replace', 1]]],
    ]);
    // the same bounds as the member stacks
    expect(['eu-1', 'eu-2', 'us-1'].map((c) => {
      const { minReplicas, maxReplicas } = find(member(c), 'HorizontalPodAutoscaler', 'api').spec;
      return [minReplicas, maxReplicas];
    })).toEqual([[4, 10], [2, 5], [1, 1]]);
  });

  test('an autoscaling/v1 CPU target becomes a v2 metric; an absent minReplicas stays absent', () => {
    const { app, fed, web } = setup({ karmada: true });
    deployment(web, 'api', 4);
    new ApiObject(web, 'api-hpa', {
      apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'api' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, maxReplicas: 12, targetCPUUtilizationPercentage: 60 },
    });
    fed.place(web, { replicas: { type: 'Divided' } });
    const { result, out } = synth(app, 'strict');
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(find(path.join(out, 'global', 'karmada'), 'FederatedHPA', 'api').spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
      maxReplicas: 12,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
    });
  });

  test('an autoscaler placed Divided on a workload placed Duplicated stays a member HPA with divided bounds', () => {
    const { app, fed, web } = setup({ karmada: true });
    const scaling = new Chart(web, 'scaling');
    deployment(web, 'api', 4);
    autoscaler(scaling, 'api', 4, 8);
    fed.place(scaling, { replicas: { type: 'Divided' } });
    const { out } = synth(app);
    const dir = path.join(out, 'global', 'karmada');
    expect(stackManifests(dir).map((m) => m.kind)).not.toContain('FederatedHPA');
    const rules = find(dir, 'OverridePolicy', 'global-horizontalpodautoscaler-api').spec.overrideRules;
    expect(rules.map((r: any) => r.overriders.plaintext[1].value)).toEqual([4, 2, 2]);
  });

  test('per-cluster overrides of an autoscaler that becomes a FederatedHPA are left out, with a warning', () => {
    const { app, fed, web } = setup({ karmada: true });
    deployment(web, 'api', 8);
    const hpa = autoscaler(web, 'api', 8, 20);
    fed.place(web, { replicas: { type: 'Divided' } });
    fed.override(hpa, { clusters: ['us-1'], patches: [{ op: 'replace', path: '/spec/maxReplicas', value: 3 }] });
    const { result, out, dir: member } = synth(app);
    expect(result.problems).toEqual([expect.objectContaining({
      severity: 'warning', rule: 'federation/karmada', path: 'global/web/api-hpa',
      message: 'the overrides for us-1 are not in the Karmada output: the autoscaler becomes one FederatedHPA in the Karmada control plane',
    })]);
    const dir = path.join(out, 'global', 'karmada');
    expect(find(dir, 'FederatedHPA', 'api').spec.maxReplicas).toBe(20);
    expect(stackManifests(dir).filter((m) => m.kind === 'OverridePolicy')).toEqual([]);
    expect(find(member('us-1'), 'HorizontalPodAutoscaler', 'api').spec.maxReplicas).toBe(3);
  });

  test('the FederatedHPA schema catches a missing maxReplicas and unknown spec fields', () => {
    const object = (spec: Record<string, unknown>) => ({
      path: 'global/karmada/api', stack: 'global-karmada',
      manifest: { apiVersion: 'autoscaling.karmada.io/v1alpha1', kind: 'FederatedHPA', metadata: { name: 'api', namespace: 'web' }, spec },
    });
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' };
    const schemaProblems = (spec: Record<string, unknown>) =>
      validateObjects([object(spec)], { importsDir: false, crds: KARMADA_CRDS }).filter((p) => p.rule.startsWith('schema'));
    expect(schemaProblems({ scaleTargetRef: ref, minReplicas: 1, maxReplicas: 4, metrics: HPA_METRICS, behavior: HPA_BEHAVIOR })).toEqual([]);
    expect(schemaProblems({ scaleTargetRef: ref, minReplicas: 1 })).toEqual([expect.objectContaining({ rule: 'schema' })]);
    expect(schemaProblems({ scaleTargetRef: ref, maxReplicas: 4, targetCPUUtilizationPercentage: 60 })).toEqual([expect.objectContaining({ rule: 'schema' })]);
  });

  test("a member may not be called 'karmada' when the Karmada output is on", () => {
    expect(() => new Federation(new App(), 'f', { members: [{ name: 'karmada' }], karmada: true }))
      .toThrow("f: members[0].name 'karmada' is reserved for the Karmada output");
  });
});
