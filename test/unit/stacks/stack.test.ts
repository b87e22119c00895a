import { ApiObject, App, Chart, Cron } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { Stack } from '../../../stacks';
import { synthesize } from '../../../synth';
import { tempDir } from '../synth/helpers';

/** Synthesizes with validation off and returns the written manifests by `kind/name`. */
function manifests(app: App): Record<string, any> {
  const out = tempDir();
  const result = synthesize(app, { outdir: out, validate: 'off' });
  expect(result.problems).toEqual([]);
  const { readdirSync, readFileSync } = require('fs');
  const YAML = require('yaml');
  const byName: Record<string, any> = {};
  for (const dir of readdirSync(out)) {
    for (const f of readdirSync(`${out}/${dir}`).filter((x: string) => x.endsWith('.yaml'))) {
      for (const doc of YAML.parseAllDocuments(readFileSync(`${out}/${dir}/${f}`, 'utf8'))) {
        const m = doc.toJS();
        byName[`${m.kind}/${m.metadata.name}`] = m;
      }
    }
  }
  return byName;
}

describe('Stack', () => {
  test('labels and annotations reach every object, nested charts included, and pod templates but not selectors', () => {
    const app = new App();
    const prod = new Stack(app, 'prod', { namespace: 'web', labels: { team: 'payments' }, annotations: { 'owner/email': 'a@b.c' } });
    const inner = new Chart(new Chart(prod, 'outer'), 'inner');
    new kplus.Deployment(inner, 'api', { metadata: { name: 'api' }, containers: [{ image: 'nginx:1.27.3' }] });
    new ApiObject(prod, 'Conf', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf', labels: { team: 'own' } } });
    const m = manifests(app);
    const api = m['Deployment/api'];
    expect(api.metadata.labels).toMatchObject({ team: 'payments', 'app.kubernetes.io/managed-by': 'kapstan' });
    expect(api.metadata.annotations).toEqual({ 'owner/email': 'a@b.c' });
    expect(api.spec.template.metadata.labels.team).toBe('payments');
    expect(api.spec.selector.matchLabels.team).toBeUndefined();
    // an object's own label wins over the stack's
    expect(m['ConfigMap/conf'].metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'kapstan', team: 'own' });
  });

  test('CronJob pod templates get the labels too', () => {
    const app = new App();
    const s = new Stack(app, 's', { labels: { team: 'data' } });
    new kplus.CronJob(s, 'nightly', { metadata: { name: 'nightly' }, schedule: Cron.daily(), containers: [{ image: 'busybox:1.37' }] });
    expect(manifests(app)['CronJob/nightly'].spec.jobTemplate.spec.template.metadata.labels.team).toBe('data');
  });

  test('the default namespace goes to namespaced objects lacking one, never to cluster-scoped ones', () => {
    const app = new App();
    const s = new Stack(app, 's', { namespace: 'web' });
    const nested = new Chart(s, 'nested');
    new ApiObject(nested, 'Conf', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf' } });
    new ApiObject(nested, 'Own', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'own', namespace: 'other' } });
    new ApiObject(s, 'Role', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' } });
    new ApiObject(nested, 'Pv', { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv', namespace: 'web' } });
    new ApiObject(s, 'Crd', {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'gadgets.example.com' },
      spec: { group: 'example.com', scope: 'Cluster', names: { kind: 'Gadget', plural: 'gadgets' }, versions: [] },
    });
    new ApiObject(nested, 'Gadget', { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g' } });
    new ApiObject(nested, 'Widget', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } });
    const m = manifests(app);
    expect(m['ConfigMap/conf'].metadata.namespace).toBe('web');
    expect(m['ConfigMap/own'].metadata.namespace).toBe('other');
    expect(m['ClusterRole/reader'].metadata.namespace).toBeUndefined();
    expect(m['PersistentVolume/pv'].metadata.namespace).toBeUndefined();
    expect(m['Gadget/g'].metadata.namespace).toBeUndefined(); // its CRD says Cluster
    expect(m['Widget/w'].metadata.namespace).toBe('web'); // unknown custom kinds are namespaced
  });

  test('references see the default namespace (service account subjects of a role binding)', () => {
    const app = new App();
    const s = new Stack(app, 's', { namespace: 'team-a' });
    const nested = new Chart(s, 'rbac');
    const sa = new kplus.ServiceAccount(nested, 'bot', { metadata: { name: 'bot' } });
    const role = new kplus.Role(nested, 'reader', { metadata: { name: 'reader' } });
    role.allowRead(kplus.ApiResource.PODS);
    role.bind(sa);
    const binding = Object.entries(manifests(app)).find(([k]) => k.startsWith('RoleBinding/'))![1];
    expect(binding.subjects).toEqual([expect.objectContaining({ kind: 'ServiceAccount', name: 'bot', namespace: 'team-a' })]);
  });

  test('stack names and namespaces must be DNS labels; the error names the construct path and field', () => {
    const app = new App();
    expect(() => new Stack(app, 'Prod_1')).toThrow("Prod_1: name 'Prod_1' must be a DNS-1123 label");
    expect(() => new Stack(app, 'prod', { namespace: 'Web' })).toThrow("prod: namespace 'Web' must be a DNS-1123 label");
  });

  test("a plain chart's id becomes a DNS-label stack name; --stack takes either", () => {
    const app = new App();
    new ApiObject(new Chart(app, 'My_Web.Chart'), 'Conf', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf' } });
    const out = tempDir();
    expect(synthesize(app, { outdir: out, validate: 'off' }).stacks.map((s) => s.name)).toEqual(['my-web-chart']);
    expect(synthesize(app, { outdir: out, validate: 'off', stack: 'My_Web.Chart' }).stacks.map((s) => s.dir)).toEqual(['my-web-chart']);
    expect(synthesize(app, { outdir: out, validate: 'off', stack: 'my-web-chart' }).stacks).toHaveLength(1);
  });

  test('stack labels must be valid label keys and values', () => {
    const app = new App();
    expect(() => new Stack(app, 'a', { labels: { 'example.com/team': 'payments', tier: 'web_1' } })).not.toThrow();
    expect(() => new Stack(app, 'b', { labels: { 'bad key': 'x' } })).toThrow("b: labels key 'bad key' is not a valid label key");
    expect(() => new Stack(app, 'c', { labels: { 'Example.com/team': 'x' } })).toThrow("c: labels key 'Example.com/team' is not a valid label key");
    expect(() => new Stack(app, 'd', { labels: { team: 'pay ments' } })).toThrow("d: labels.team value 'pay ments' is not a valid label value");
    expect(() => new Stack(app, 'e', { labels: { team: 'x'.repeat(64) } })).toThrow('e: labels.team value');
  });

  test('a Stack nested in another Stack is an error', () => {
    const app = new App();
    const outer = new Stack(app, 'outer');
    new ApiObject(new Stack(new Chart(outer, 'c'), 'inner'), 'Conf', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf' } });
    const result = synthesize(app, { outdir: tempDir(), validate: 'off' });
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ severity: 'error', rule: 'synth', path: 'outer/c/inner', message: 'a Stack or Federation cannot be nested inside another (outer)' }]);
  });

  test('Stack.of finds the enclosing stack, across nested charts and constructs', () => {
    const app = new App();
    const s = new Stack(app, 's');
    const deep = new Construct(new Chart(s, 'c'), 'deep');
    expect(Stack.of(deep)).toBe(s);
    expect(Stack.isStack(s)).toBe(true);
    expect(Stack.isStack(new Chart(app, 'plain'))).toBe(false);
    expect(() => Stack.of(new Chart(app, 'other'))).toThrow('other: not inside a Stack');
  });

  test('plain charts (outside any Stack) become stacks of their own name, keeping cdk8s semantics', () => {
    const app = new App();
    const chart = new Chart(app, 'frontend', { namespace: 'shop', labels: { tier: 'web' } });
    new ApiObject(chart, 'Conf', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf' } });
    new ApiObject(new Chart(chart, 'sub'), 'Nested', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'nested' } });
    const result = synthesize(app, { outdir: tempDir(), validate: 'off' });
    expect(result.stacks.map((s) => [s.name, s.namespace, s.objects])).toEqual([['frontend', 'shop', 2]]);
    const m = manifests(app);
    expect(m['ConfigMap/conf'].metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'kapstan', tier: 'web' });
    expect(m['ConfigMap/nested'].metadata.namespace).toBe('shop');
  });
});


describe('Stack capacity', () => {
  test("says in index.json whether the cluster adds nodes on demand; absent unless set; a bad value names the stack", () => {
    const app = new App();
    new Stack(app, 'gpu', { namespace: 'ml', capacity: 'autoscaled' });
    new Stack(app, 'plain', { namespace: 'web' });
    const out = tempDir();
    synthesize(app, { outdir: out, validate: 'off' });
    const { readFileSync } = require('fs');
    expect(JSON.parse(readFileSync(`${out}/gpu/index.json`, 'utf8')).capacity).toBe('autoscaled');
    expect(JSON.parse(readFileSync(`${out}/plain/index.json`, 'utf8'))).not.toHaveProperty('capacity');
    expect(() => new Stack(new App(), 'bad', { capacity: 'elastic' as any })).toThrow(`bad: capacity: must be 'autoscaled' or 'fixed' (got "elastic")`);
  });
});
