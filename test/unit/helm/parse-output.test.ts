import { readText } from '../../../constructs/escape/manifest-reader';
import { parseRendered } from '../../../helm/parse-output';

// The fast reader of helm's output must read every document as IncludeYaml's YAML 1.1 reader does.
const DOCS = [
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\ndata:\n  a: "1"\n  b: text, with a comma # and a comment\n  c: "yes"\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bools\ndata:\n  enabled: yes\n  off: off\n  short: y\n',
  'apiVersion: v1\nkind: Secret\nmetadata:\n  name: modes\nspec:\n  mode: 0644\n  time: 1:30\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {a: b, c: "on"}\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n          args: [--port, "8080", ~, null, .inf, 1e3, 0x1F]\n',
  '# Source: chart/templates/empty.yaml\n# only a comment\n',
  'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: one}\n',
  'base: &b {x: 1}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: merged\ndata:\n  <<: *b\n',
];

describe('parseRendered', () => {
  test.each(DOCS.map((d, i) => [i, d]))('document %i reads as the YAML 1.1 reader reads it', (_i, doc) => {
    expect(parseRendered(doc as string, 'chart/templates/x.yaml')).toEqual(readText(doc as string, 'chart/templates/x.yaml'));
  });

  test('errors are the YAML 1.1 reader\'s, naming the template', () => {
    expect(() => parseRendered('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n', 'shop/templates/cm.yaml')).toThrow(/^shop\/templates\/cm\.yaml: document 1: invalid YAML/);
    expect(() => parseRendered('apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n', 'shop/templates/cm.yaml')).toThrow('shop/templates/cm.yaml: document 1: metadata.name is required (ConfigMap)');
  });
});
