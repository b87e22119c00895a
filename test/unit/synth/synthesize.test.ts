import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Lazy } from 'cdk8s';
import * as YAML from 'yaml';
import { Stack } from '../../../stacks';
import { synthesize } from '../../../synth';
import { readIndex, readTree, tempDir } from './helpers';

const obj = (scope: any, id: string, apiVersion: string, kind: string, extra: Record<string, any> = {}) =>
  new ApiObject(scope, id, { apiVersion, kind, metadata: { name: id.toLowerCase() }, ...extra });

/** A stack with one object of many groups, declared in reverse apply order. */
function mixedApp() {
  const app = new App();
  const prod = new Stack(app, 'prod', { namespace: 'web', context: 'kind-prod', labels: { team: 'payments' } });
  const web = new Chart(prod, 'web');
  obj(web, 'Widget', 'example.com/v1', 'Widget', { spec: { size: 1 } });
  obj(web, 'Pdb', 'policy/v1', 'PodDisruptionBudget', { spec: { maxUnavailable: 1 } });
  obj(web, 'Web', 'apps/v1', 'Deployment', { spec: { replicas: 1 } });
  obj(web, 'Api', 'apps/v1', 'Deployment', { spec: { replicas: 1 } });
  obj(web, 'Svc', 'v1', 'Service', { spec: { ports: [{ port: 80 }] } });
  obj(web, 'Claim', 'v1', 'PersistentVolumeClaim', { spec: {} });
  obj(web, 'Conf', 'v1', 'ConfigMap', { data: { a: '1' } });
  obj(web, 'Sa', 'v1', 'ServiceAccount');
  obj(prod, 'Fast', 'storage.k8s.io/v1', 'StorageClass', { provisioner: 'ebs.csi.aws.com' });
  obj(prod, 'Crd', 'apiextensions.k8s.io/v1', 'CustomResourceDefinition', { spec: { group: 'example.com', names: { kind: 'Widget' }, scope: 'Namespaced' } });
  obj(prod, 'Quota', 'v1', 'ResourceQuota', { spec: {} });
  obj(prod, 'Web-ns', 'v1', 'Namespace');
  return app;
}

describe('synthesize', () => {
  test('writes one file per non-empty group, numbered in apply order, and index.json in apply order', () => {
    const out = tempDir();
    const result = synthesize(mixedApp(), { outdir: out, validate: 'off' });
    expect(result.ok).toBe(true);
    const files = fs.readdirSync(path.join(out, 'prod')).sort();
    expect(files).toEqual([
      '01-namespaces.k8s.yaml', '02-crds.k8s.yaml', '03-classes.k8s.yaml', '04-access.k8s.yaml', '05-config.k8s.yaml',
      '06-storage.k8s.yaml', '07-services.k8s.yaml', '08-workloads.k8s.yaml', '09-policies.k8s.yaml', '10-custom.k8s.yaml', 'index.json',
    ]);
    const index = readIndex(path.join(out, 'prod'));
    expect(index.objects.map((o: any) => `${o.kind}/${o.name}`)).toEqual([
      'Namespace/web-ns', 'ResourceQuota/quota', 'CustomResourceDefinition/crd', 'StorageClass/fast', 'ServiceAccount/sa',
      'ConfigMap/conf', 'PersistentVolumeClaim/claim', 'Service/svc', 'Deployment/api', 'Deployment/web',
      'PodDisruptionBudget/pdb', 'Widget/widget',
    ]);
    // the files hold the same objects in the same order
    const fromFiles = index.objects.map((o: any) => o.file)
      .filter((f: string, i: number, all: string[]) => all.indexOf(f) === i)
      .flatMap((f: string) => YAML.parseAllDocuments(fs.readFileSync(path.join(out, 'prod', f), 'utf8')).map((d) => d.toJS()))
      .map((m: any) => `${m.kind}/${m.metadata.name}`);
    expect(fromFiles).toEqual(index.objects.map((o: any) => `${o.kind}/${o.name}`));
  });

  test('index.json carries the stack, context, namespace, labels and each object with group, file and construct path', () => {
    const out = tempDir();
    const app = new App();
    const prod = new Stack(app, 'prod', { namespace: 'web', context: 'kind-prod', labels: { team: 'payments' } });
    obj(prod, 'Ns', 'v1', 'Namespace', { metadata: { name: 'web' } });
    obj(new Chart(prod, 'web'), 'Deployment', 'apps/v1', 'Deployment', { metadata: { name: 'web' }, spec: {} });
    expect(synthesize(app, { outdir: out, validate: 'off' }).ok).toBe(true);
    expect(readIndex(path.join(out, 'prod'))).toEqual({
      kapstanVersion: '0.1.0',
      stack: 'prod',
      context: 'kind-prod',
      namespace: 'web',
      labels: { team: 'payments' },
      objects: [
        { apiVersion: 'v1', kind: 'Namespace', name: 'web', namespace: null, group: 'namespaces', file: '01-namespaces.k8s.yaml', path: 'prod/Ns' },
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'web', group: 'workloads', file: '08-workloads.k8s.yaml', path: 'prod/web/Deployment' },
      ],
    });
  });

  test('sorts objects of one kind by namespace, then name', () => {
    const out = tempDir();
    const app = new App();
    const s = new Stack(app, 's', { namespace: 'b' });
    obj(s, 'Zeta', 'v1', 'ConfigMap');
    obj(s, 'Alpha', 'v1', 'ConfigMap');
    new ApiObject(s, 'Other', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'zz', namespace: 'a' } });
    synthesize(app, { outdir: out, validate: 'off' });
    const index = readIndex(path.join(out, 's'));
    expect(index.objects.map((o: any) => `${o.namespace}/${o.name}`)).toEqual(['a/zz', 'b/alpha', 'b/zeta']);
  });

  test('is deterministic: the same app gives byte-identical output', () => {
    const a = tempDir();
    const b = tempDir();
    synthesize(mixedApp(), { outdir: a, validate: 'off' });
    synthesize(mixedApp(), { outdir: b, validate: 'off' });
    const ta = readTree(a);
    expect(Object.keys(ta).length).toBe(11);
    expect(readTree(b)).toEqual(ta);
  });

  test('writes nothing when there are errors, and leaves earlier output untouched', () => {
    const out = tempDir();
    const good = new App();
    obj(new Stack(good, 'prod'), 'Conf', 'v1', 'ConfigMap');
    expect(synthesize(good, { outdir: out, validate: 'off' }).ok).toBe(true);
    const before = readTree(out);

    const bad = new App();
    const prod = new Stack(bad, 'prod');
    obj(prod, 'Conf', 'v1', 'ConfigMap');
    obj(prod, 'Extra', 'v1', 'ConfigMap');
    const broken = new Chart(prod, 'broken');
    broken.node.addValidation({ validate: () => ['replicas must be positive'] });
    const result = synthesize(bad, { outdir: out, validate: 'off' });
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ severity: 'error', rule: 'construct', path: 'prod/broken', message: 'replicas must be positive' }]);
    expect(readTree(out)).toEqual(before);
    expect(fs.readdirSync(out)).toEqual(['prod']); // no temporary folder left behind
  });

  test('does not even create the output folder when synthesis fails', () => {
    const out = path.join(tempDir(), 'dist');
    const app = new App();
    const s = new Stack(app, 's');
    new ApiObject(s, 'Bad', { apiVersion: 'v1', kind: 'ConfigMap', data: { v: Lazy.any({ produce: () => { throw new Error('cannot resolve'); } }) } });
    const result = synthesize(app, { outdir: out, validate: 'off' });
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ severity: 'error', rule: 'render', path: 's/Bad' });
    expect(fs.existsSync(out)).toBe(false);
  });

  test('--stack writes only that stack; an unknown stack is an error naming the known ones', () => {
    const out = tempDir();
    const app = new App();
    obj(new Stack(app, 'dev'), 'Conf', 'v1', 'ConfigMap');
    obj(new Stack(app, 'prod'), 'Conf', 'v1', 'ConfigMap');
    const result = synthesize(app, { outdir: out, stack: 'prod', validate: 'off' });
    expect(result.stacks.map((s) => s.name)).toEqual(['prod']);
    expect(fs.readdirSync(out)).toEqual(['prod']);

    const missing = synthesize(app, { outdir: out, stack: 'qa', validate: 'off' });
    expect(missing.ok).toBe(false);
    expect(missing.problems[0].message).toBe("no stack or federation named 'qa' (known: dev, prod)");
  });

  test('a full synth removes folders of stacks that no longer exist, but not other files', () => {
    const out = tempDir();
    const first = new App();
    obj(new Stack(first, 'old'), 'Conf', 'v1', 'ConfigMap');
    obj(new Stack(first, 'kept'), 'Conf', 'v1', 'ConfigMap');
    synthesize(first, { outdir: out, validate: 'off' });
    fs.mkdirSync(path.join(out, 'notes'));
    fs.writeFileSync(path.join(out, 'notes', 'readme.txt'), 'mine');

    const second = new App();
    obj(new Stack(second, 'kept'), 'Conf', 'v1', 'ConfigMap');
    synthesize(second, { outdir: out, validate: 'off' });
    expect(fs.readdirSync(out).sort()).toEqual(['kept', 'notes']);
  });

  test('two stacks with the same name are an error', () => {
    const app = new App();
    const group = new Chart(app, 'group');
    obj(group, 'Conf', 'v1', 'ConfigMap');
    const other = new (require('constructs').Construct)(app, 'other');
    obj(new Chart(other, 'group'), 'Conf', 'v1', 'ConfigMap');
    const result = synthesize(app, { outdir: tempDir(), validate: 'off' });
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.message)).toContain("two stacks write to 'group': stack names must be unique");
  });

  test('summary counts objects per kind', () => {
    const result = synthesize(mixedApp(), { outdir: tempDir(), validate: 'off' });
    expect(result.stacks[0]).toMatchObject({ name: 'prod', dir: 'prod', context: 'kind-prod', namespace: 'web', objects: 12 });
    expect(result.stacks[0].kinds.Deployment).toBe(2);
    expect(Object.keys(result.stacks[0].kinds)).toEqual([...Object.keys(result.stacks[0].kinds)].sort());
  });
});

describe('YAML output', () => {
  test('strings that YAML 1.1 would read as other types stay strings; multi-line strings survive', () => {
    const tricky = ['yes', 'no', 'on', 'off', 'y', 'null', '~', '0755', '1:20', '1e3', '0x1F', '.5', '2024-01-01', '-', '- item', 'a: b', '#x', '', ' padded '];
    const script = 'set -e\npg_basebackup -h "$PRIMARY" \\\n  -D /data\n';
    const app = new App();
    new ApiObject(new Stack(app, 's'), 'Conf', {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf' },
      data: { ...Object.fromEntries(tricky.map((v, i) => [`k${i}`, v])), 'init.sh': script },
    });
    const out = tempDir();
    synthesize(app, { outdir: out, validate: 'off' });
    const text = fs.readFileSync(path.join(out, 's', '05-config.k8s.yaml'), 'utf8');
    for (const version of ['1.1', '1.2'] as const) {
      const data = YAML.parse(text, { version }).data;
      expect(tricky.map((_, i) => data[`k${i}`])).toEqual(tricky);
      expect(data['init.sh']).toBe(script);
    }
  });
});
