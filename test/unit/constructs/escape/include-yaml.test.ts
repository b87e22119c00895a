import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { IncludeYaml, includedSource } from '../../../../constructs/escape';

describe('IncludeYaml', () => {
  let dir: string;
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-inc-')); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('every document (and List item) becomes an object with its source recorded', () => {
    const file = write('raw.yaml', [
      'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: settings', '  namespace: shop', '  labels: {team: web}', 'data:', '  mode: fast',
      '---',
      '# an empty document is skipped',
      '---',
      'apiVersion: v1', 'kind: List', 'items:',
      '- apiVersion: v1', '  kind: Service', '  metadata: {name: legacy}', '  spec: {clusterIP: None, ports: [{port: 80}]}',
      '- apiVersion: example.com/v1', '  kind: Widget', '  metadata: {name: w1}', '  spec: {size: 3}',
      '',
    ].join('\n'));
    const chart = Testing.chart();
    const include = new IncludeYaml(chart, 'raw', { file });
    const objects = Testing.synth(chart);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ConfigMap/settings', 'Service/legacy', 'Widget/w1']);
    expect(objects[0]).toEqual({
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'shop', labels: { team: 'web', 'app.kubernetes.io/managed-by': 'kapstan' } },
      data: { mode: 'fast' },
    });
    // Field names are kept exactly as written (no typed-binding conversion drops clusterIP).
    expect(objects[1].spec).toEqual({ clusterIP: 'None', ports: [{ port: 80 }] });
    expect(objects[2].spec).toEqual({ size: 3 });
    expect(include.objects.map((o) => o.source)).toEqual([{ file, document: 1 }, { file, document: 3 }, { file, document: 3 }]);
    expect(includedSource(include.find('Widget', 'w1')[0])).toEqual({ file, document: 3 });
  });

  test('reads YAML the way kubectl does (1.1: yes is a boolean, 0644 is octal)', () => {
    const file = write('yaml11.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: yes\n  volumes: [{name: v, secret: {secretName: s, defaultMode: 0644}}]\n  containers: [{name: c, image: "nginx:1.27", env: [{name: FLAG, value: "yes"}]}]\n');
    const chart = Testing.chart();
    new IncludeYaml(chart, 'inc', { file });
    const [pod] = Testing.synth(chart);
    expect(pod.spec.hostNetwork).toBe(true);
    expect(pod.spec.volumes[0].secret.defaultMode).toBe(0o644);
    expect(pod.spec.containers[0].env[0].value).toBe('yes');
  });

  const kinds = (objects: any[]) => objects.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.name}`);

  test('every …List kind is expanded, nested lists too; items without a kind take the list\'s', () => {
    const file = write('lists.yaml', [
      'apiVersion: rbac.authorization.k8s.io/v1', 'kind: RoleList', 'items:',
      '- metadata: {name: reader, namespace: mon}', '  rules: []',
      '- apiVersion: rbac.authorization.k8s.io/v1', '  kind: ClusterRole', '  metadata: {name: viewer}',
      '---', '# a comment-only document', '---',
      'apiVersion: v1', 'kind: List', 'items:',
      '- apiVersion: v1', '  kind: ConfigMapList', '  items:', '  - metadata: {name: a, namespace: mon}', '  - metadata: {name: b, namespace: mon}',
      '- apiVersion: v1', '  kind: ServiceAccount', '  metadata: {name: agent, namespace: mon}',
      '---', '---', '# trailing comment', '',
    ].join('\n'));
    const chart = Testing.chart();
    const include = new IncludeYaml(chart, 'raw', { file });
    expect(kinds(Testing.synth(chart))).toEqual([
      'rbac.authorization.k8s.io/v1 Role reader', 'rbac.authorization.k8s.io/v1 ClusterRole viewer',
      'v1 ConfigMap a', 'v1 ConfigMap b', 'v1 ServiceAccount agent',
    ]);
    expect(include.objects.map((o) => o.source.document)).toEqual([1, 1, 3, 3, 3]);
  });

  test('JSON files: one object, a stream of objects, a List, a byte-order mark', () => {
    const one = write('one.json', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one' }, data: { brace: '}{' } }, null, 2));
    const bom = write('bom.json', '\uFEFF{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"bom"}}');
    const stream = write('stream.json', '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"s1"}}\n{"apiVersion":"v1","kind":"ConfigMapList","items":[{"metadata":{"name":"s2"}}]}\n');
    const chart = Testing.chart();
    new IncludeYaml(chart, 'one', { file: one });
    const s = new IncludeYaml(chart, 'stream', { file: stream });
    new IncludeYaml(chart, 'bom', { file: bom });
    const objects = Testing.synth(chart);
    expect(kinds(objects)).toEqual(['v1 ConfigMap one', 'v1 ConfigMap s1', 'v1 ConfigMap s2', 'v1 ConfigMap bom']);
    expect(objects[0].data).toEqual({ brace: '}{' });
    expect(s.objects.map((o) => o.source.document)).toEqual([1, 2]);
  });

  test('a directory: its manifest files in name order; subdirectories only with recursive', () => {
    const root = fs.mkdtempSync(path.join(dir, 'tree-'));
    fs.mkdirSync(path.join(root, 'sub'));
    fs.writeFileSync(path.join(root, 'b.yml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n');
    fs.writeFileSync(path.join(root, 'a.json'), '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}');
    fs.writeFileSync(path.join(root, 'notes.txt'), 'not a manifest');
    fs.writeFileSync(path.join(root, 'sub', 'c.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
    const flat = Testing.chart();
    new IncludeYaml(flat, 'flat', { file: root });
    expect(kinds(Testing.synth(flat))).toEqual(['v1 ConfigMap a', 'v1 ConfigMap b']);
    const deep = Testing.chart();
    const include = new IncludeYaml(deep, 'deep', { file: root, recursive: true });
    expect(kinds(Testing.synth(deep))).toEqual(['v1 ConfigMap a', 'v1 ConfigMap b', 'v1 ConfigMap c']);
    expect(include.objects[2].source).toEqual({ file: path.join(root, 'sub', 'c.yaml'), document: 1 });
    const empty = fs.mkdtempSync(path.join(dir, 'empty-'));
    expect(() => new IncludeYaml(Testing.chart(), 'none', { file: empty })).toThrow(`${empty}: no manifests: the directory has no .yaml, .yml or .json files`);
  });

  test('the same object in two files names both', () => {
    const root = fs.mkdtempSync(path.join(dir, 'dup-'));
    fs.writeFileSync(path.join(root, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
    fs.writeFileSync(path.join(root, 'b.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
    expect(() => new IncludeYaml(Testing.chart(), 'inc', { file: root }))
      .toThrow(`${path.join(root, 'b.yaml')}: document 1: ConfigMap x is already defined in ${path.join(root, 'a.yaml')} document 1`);
  });

  describe('errors name the file and the document', () => {
    test('bad YAML, without quoting the source (it may be a Secret)', () => {
      const file = write('bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s\nstringData:\n  password: hunter2\n');
      let message = '';
      try {
        new IncludeYaml(Testing.chart(), 'inc', { file });
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(new RegExp(`^test/inc: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: document 2: invalid YAML \\(line \\d+, column \\d+\\): `));
      expect(message).not.toContain('hunter2');
    });

    test.each([
      ['no-kind.yaml', 'apiVersion: v1\nmetadata: {name: x}\n', 'document 1: kind is required'],
      ['no-version.yaml', 'kind: ConfigMap\nmetadata: {name: x}\n', 'document 1: apiVersion is required'],
      ['no-name.yaml', 'apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {}\n', 'document 1: metadata.name is required (ConfigMap)'],
      ['scalar.yaml', 'just a string\n', 'document 1: a manifest must be a mapping (got string)'],
      ['dup.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n', 'document 2: ConfigMap a is already defined in document 1'],
      ['generate.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\napiVersion: batch/v1\nkind: Job\nmetadata: {generateName: migrate-}\n', 'document 2: metadata.generateName cannot be used with apply (Job)'],
      ['nested.yaml', 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: SecretList\n  items:\n  - metadata: {name: a}\n  - metadata: {namespace: x}\n', 'document 1, items[0].items[1]: metadata.name is required (Secret)'],
      ['list-item.yaml', 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n- kind: Secret\n  metadata: {name: b}\n', 'document 1, items[1]: apiVersion is required'],
    ])('%s', (name, text, message) => {
      const file = write(name, text);
      expect(() => new IncludeYaml(Testing.chart(), 'inc', { file })).toThrow(`${file}: ${message}`);
    });

    test('bad JSON names the line and column, never quoting the source (it may be a Secret)', () => {
      const file = write('bad.json', '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}\n{"apiVersion":"v1","kind":"Secret",\n "stringData": {"password": hunter2}}\n');
      let message = '';
      try { new IncludeYaml(Testing.chart(), 'inc', { file }); } catch (e) { message = (e as Error).message; }
      expect(message).toBe(`test/inc: ${file}: document 2: invalid JSON (line 3, column 29)`);
    });

    test('missing file names the construct and the file', () => {
      expect(() => new IncludeYaml(Testing.chart(), 'inc', { file: path.join(dir, 'nope.yaml') }))
        .toThrow(`test/inc: file: cannot read ${path.join(dir, 'nope.yaml')} (ENOENT)`);
    });
  });
});
