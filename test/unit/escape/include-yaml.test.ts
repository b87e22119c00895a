import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { IncludeYaml, includedSource } from '../../../constructs/escape';

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

  describe('errors name the file and the document', () => {
    test('bad YAML, without quoting the source (it may be a Secret)', () => {
      const file = write('bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s\nstringData:\n  password: hunter2\n');
      let message = '';
      try {
        new IncludeYaml(Testing.chart(), 'inc', { file });
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: document 2: invalid YAML \\(line \\d+, column \\d+\\): `));
      expect(message).not.toContain('hunter2');
    });

    test.each([
      ['no-kind.yaml', 'apiVersion: v1\nmetadata: {name: x}\n', 'document 1: kind is required'],
      ['no-version.yaml', 'kind: ConfigMap\nmetadata: {name: x}\n', 'document 1: apiVersion is required'],
      ['no-name.yaml', 'apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {}\n', 'document 1: metadata.name is required (ConfigMap)'],
      ['scalar.yaml', 'just a string\n', 'document 1: a manifest must be a mapping (got string)'],
      ['dup.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n', 'document 2: ConfigMap a is already defined in document 1'],
      ['list-item.yaml', 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n- kind: Secret\n  metadata: {name: b}\n', 'document 1, items[1]: apiVersion is required'],
    ])('%s', (name, text, message) => {
      const file = write(name, text);
      expect(() => new IncludeYaml(Testing.chart(), 'inc', { file })).toThrow(`${file}: ${message}`);
    });

    test('missing file names the construct and the file', () => {
      expect(() => new IncludeYaml(Testing.chart(), 'inc', { file: path.join(dir, 'nope.yaml') }))
        .toThrow(`test/inc: file: cannot read ${path.join(dir, 'nope.yaml')} (ENOENT)`);
    });
  });
});
