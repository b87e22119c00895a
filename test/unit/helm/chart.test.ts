import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { JsonPatch } from 'cdk8s';
import { HelmChart, helmSource } from '../../../helm';
import { Stack } from '../../../stacks';
import { synth, testApp } from '../../../testing';

const SHOP = path.join(__dirname, '../../fixtures/charts/shop');
// A fixed password: the chart otherwise generates one on every render.
const VALUES = { auth: { password: 'fixed-for-tests' } };

function shopStack(props: Partial<ConstructorParameters<typeof HelmChart>[2]> = {}) {
  const app = testApp();
  const stack = new Stack(app, 'prod', { namespace: 'shop' });
  const chart = new HelmChart(stack, 'web', { chart: SHOP, values: VALUES, ...props });
  return { app, stack, chart };
}

describe('HelmChart', () => {
  test('renders the chart, its vendored subchart and CRDs into validated objects in apply order', () => {
    const { app } = shopStack();
    const out = synth(app);
    expect(out.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const kinds = out.manifests.map((m) => `${m['kind']}/${m['metadata'].name}`);
    // The CRD comes first, the custom resource last; the subchart's objects are there.
    expect(kinds[0]).toBe('CustomResourceDefinition/widgets.shop.example.com');
    expect(kinds[kinds.length - 1]).toBe('Widget/web-shop-banner');
    expect(kinds).toEqual(expect.arrayContaining(['Deployment/web-cache', 'Service/web-cache', 'Deployment/web-shop', 'Secret/web-shop-auth']));
    const deployment = out.get('Deployment', 'web-shop', 'shop');
    expect(deployment['metadata'].namespace).toBe('shop');
    // Kapstan manages the objects now; the chart's own labels stay.
    expect(deployment['metadata'].labels?.['app.kubernetes.io/managed-by']).toBe('kapstan');
    expect(deployment['metadata'].labels?.['helm.sh/chart']).toBe('shop-0.3.0');
    expect(deployment['spec'].replicas).toBe(2);
  });

  test('values win over values files, which win over the chart defaults', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-values-'));
    fs.writeFileSync(path.join(dir, 'a.yaml'), 'replicaCount: 4\nservice: {port: 8081}\n');
    fs.writeFileSync(path.join(dir, 'b.yaml'), 'replicaCount: 5\n');
    const { app } = shopStack({ valuesFiles: [path.join(dir, 'a.yaml'), path.join(dir, 'b.yaml')], values: { ...VALUES, cache: { replicas: 3 } } });
    const out = synth(app);
    expect(out.get('Deployment', 'web-shop', 'shop')['spec'].replicas).toBe(5);
    expect(out.get('Service', 'web-shop', 'shop')['spec'].ports[0].port).toBe(8081);
    expect(out.get('Deployment', 'web-cache', 'shop')['spec'].replicas).toBe(3);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('release name and namespace are the chart\'s .Release', () => {
    const { app } = shopStack({ releaseName: 'store', namespace: 'retail' });
    const out = synth(app);
    expect(out.get('ConfigMap', 'store-shop-post-report', 'retail')['data']).toEqual({ release: 'store' });
    // The cluster-scoped CRD gets no namespace.
    expect(out.get('CustomResourceDefinition', 'widgets.shop.example.com')['metadata'].namespace).toBeUndefined();
  });

  test('every object remembers its chart and template; validation problems name the template', () => {
    const { app, chart } = shopStack({ values: { ...VALUES, image: { repository: 'registry.example/shop/storefront', tag: '2.1.0', pullPolicy: 'Always' } } });
    const deployment = chart.find('Deployment', 'web-shop')[0];
    expect(helmSource(deployment)).toEqual({ chart: fs.realpathSync(SHOP), template: 'shop/templates/deployment.yaml', document: 1 });
    // The Widget's CRD requires spec.size >= 1: break it through a patch to see the template named.
    chart.find('Widget')[0].addJsonPatch(JsonPatch.replace('/spec/size', 0));
    const out = synth(app, { validate: 'warn' });
    const widget = out.problems.find((p) => p.path.includes('Widget'));
    expect(widget).toMatchObject({ path: 'prod/web/Widget-shop-web-shop-banner (shop/templates/widget.yaml#1)', field: 'spec.size' });
  });

  test('hooks stay on their objects for the engine; keep maps to kapstan.io/keep; tests are left out and listed', () => {
    const { app, chart } = shopStack();
    const out = synth(app);
    const migrate = out.get('Job', 'web-shop-migrate', 'shop');
    expect(migrate['metadata'].annotations).toMatchObject({ 'helm.sh/hook': 'pre-install,pre-upgrade', 'helm.sh/hook-weight': '-5' });
    expect(chart.objects.filter((o) => o.hook).map((o) => `${o.apiObject.name}:${o.hook!.weight}:${o.hook!.deletePolicies.join('+')}`).sort()).toEqual([
      'web-shop-backup:0:hook-succeeded',
      'web-shop-cleanup:0:before-hook-creation',
      'web-shop-migrate:-5:before-hook-creation+hook-succeeded',
      'web-shop-notify:5:hook-succeeded',
      'web-shop-post-report:10:before-hook-creation',
      'web-shop-pre-settings:-10:before-hook-creation',
      'web-shop-verify:7:before-hook-creation+hook-succeeded',
    ]);
    expect(out.get('ConfigMap', 'web-shop-archive', 'shop')['metadata'].annotations).toEqual({ 'helm.sh/resource-policy': 'keep', 'kapstan.io/keep': 'true' });
    expect(out.find('Pod', 'web-shop-test-connection')).toBeUndefined();
    expect(out.get('ConfigMap', 'web-shop-cleanup', 'shop')['metadata'].annotations).toEqual({ 'helm.sh/hook': 'post-delete' });
    expect(chart.leftOut).toEqual([
      { kind: 'Pod', name: 'web-shop-test-connection', template: 'shop/templates/tests/test-connection.yaml', events: ['test'] },
    ]);
    const warnings = out.problems.filter((p) => p.severity === 'warning').map((p) => p.message);
    expect(warnings).toEqual(expect.arrayContaining([
      'shop/templates/tests/test-connection.yaml: Pod web-shop-test-connection is a test hook: left out (run chart tests with helm test)',
      expect.stringMatching(/^shop\/templates\/secret\.yaml calls lookup: helm template renders it as if the cluster held nothing/),
    ]));
  });

  test('same inputs, byte-identical synth', () => {
    expect(synth(shopStack().app).toYaml()).toBe(synth(shopStack().app).toYaml());
  });

  test('a template that renders differently every time is an error naming chart, template and the way out', () => {
    expect(() => shopStack({ values: {} })).toThrow(
      'prod/web: chart: not deterministic: shop/templates/secret.yaml (calls randAlphaNum) renders differently on every run, so every synth would change it; set the values these templates generate (a password, a key, a certificate) explicitly in values',
    );
  });

  test('two agreeing renders of an input are remembered: later synths of it render once; a differing chart fails every time', () => {
    const dir = path.join(os.tmpdir(), 'kapstan-helm-deterministic');
    const count = () => (fs.existsSync(dir) ? fs.readdirSync(dir).length : 0);
    const values = { auth: { password: `unique-${process.pid}-${Date.now()}` } };
    const before = count();
    const first = synth(shopStack({ values }).app).toYaml();
    expect(count()).toBe(before + 1);
    expect(synth(shopStack({ values }).app).toYaml()).toBe(first);
    expect(count()).toBe(before + 1);
    for (let i = 0; i < 2; i++) expect(() => shopStack({ values: {} })).toThrow('not deterministic');
    expect(count()).toBe(before + 1);
  });

  test('values the schema rejects fail before helm runs, naming the values path', () => {
    expect(() => shopStack({ values: { ...VALUES, replicaCount: -1 } })).toThrow('prod/web: values.replicaCount: must be >= 0');
  });

  test('a packaged chart (.tgz) renders like its directory', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-pkg-'));
    execFileSync(require('../../../helm').findHelm().path, ['package', SHOP, '--destination', dir], { stdio: 'ignore' });
    const app = testApp();
    new HelmChart(new Stack(app, 'prod', { namespace: 'shop' }), 'web', { chart: path.join(dir, 'shop-0.3.0.tgz'), values: VALUES });
    expect(synth(app).toYaml()).toBe(synth(shopStack().app).toYaml());
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('bad input is named: a missing chart, a bad release name, a template error', () => {
    expect(() => shopStack({ chart: '/nonexistent/chart' })).toThrow('prod/web: chart: /nonexistent/chart does not exist');
    expect(() => shopStack({ releaseName: 'Web_1' })).toThrow('prod/web: releaseName: "Web_1" is not a valid Helm release name');
    expect(() => shopStack({ releaseName: 'a'.repeat(54) })).toThrow('is not a valid Helm release name (lowercase letters, digits, \'-\' and \'.\', at most 53 characters)');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-broken-'));
    fs.mkdirSync(path.join(dir, 'templates'));
    fs.writeFileSync(path.join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: broken\nversion: 0.1.0\n');
    fs.writeFileSync(path.join(dir, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ required "values.name is required" .Values.name }}\n');
    expect(() => shopStack({ chart: dir, values: {} })).toThrow(/^prod\/web: chart: helm template failed: .*broken\/templates\/cm\.yaml.*values\.name is required/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
