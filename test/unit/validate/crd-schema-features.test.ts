// CRD schemas as the API server reads them: RE2 patterns, list types, CEL rules; and what synth
// cannot check is said once per CRD, naming the CRD, the version and the field.
import { validateObjects } from '../../../validate';
import { obj } from './helpers';

function crd(schema: Record<string, any>) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'alerts.mon.example.com' },
    spec: {
      group: 'mon.example.com', scope: 'Namespaced', names: { kind: 'Alert', plural: 'alerts' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: schema } } } }],
    },
  };
}
const alert = (name: string, spec: Record<string, unknown>) => ({ apiVersion: 'mon.example.com/v1', kind: 'Alert', metadata: { name }, spec });
const CRD_PATH = 'test/CustomResourceDefinition/alerts.mon.example.com';
const check = (schema: Record<string, any>, ...alerts: Array<Record<string, any>>) =>
  validateObjects([obj(crd(schema)), ...alerts.map((a) => obj(a))], { importsDir: false });

test('RE2 patterns are checked as the API server checks them ((?i), \\z, POSIX classes, \\Q…\\E)', () => {
  const schema = {
    type: 'object', properties: {
      action: { type: 'string', pattern: '^(?i)(abort|warn)?$' },
      label: { type: 'string', pattern: '^[[:alpha:]][[:alnum:]_]*\\z' },
      literal: { type: 'string', pattern: '^\\Q1.0*\\E' },
    },
  };
  expect(check(schema, alert('ok', { action: 'WARN', label: 'disk_full', literal: '1.0*x' }))).toEqual([]);
  expect(check(schema, alert('bad', { action: 'page', label: '9lives', literal: '100' }))).toEqual([
    { severity: 'error', rule: 'schema', path: 'test/Alert/bad', field: 'spec.action', message: 'must match pattern "^(?i)(abort|warn)?$"' },
    { severity: 'error', rule: 'schema', path: 'test/Alert/bad', field: 'spec.label', message: 'must match pattern "^[[:alpha:]][[:alnum:]_]*\\z"' },
    { severity: 'error', rule: 'schema', path: 'test/Alert/bad', field: 'spec.literal', message: 'must match pattern "^\\Q1.0*\\E"' },
  ]);
});

test('a pattern with no JavaScript equivalent is skipped with one warning naming CRD, version and field', () => {
  const schema = { type: 'object', properties: { rules: { type: 'array', items: { type: 'object', properties: { expr: { type: 'string', pattern: '^a\\C$' } } } } } };
  const warning = { severity: 'warning', rule: 'schema/not-checked', path: CRD_PATH,
    message: 'CRD alerts.mon.example.com version v1: spec.rules[].expr: pattern not checked at synth: \\C (any byte) has no JavaScript equivalent; the API server checks it' };
  expect(check(schema, alert('a', { rules: [{ expr: 'x' }] }), alert('b', { rules: [{ expr: 'y' }] }))).toEqual([warning]);
});

test('list types: set items are unique, map items unique by their keys (without printing values)', () => {
  const schema = {
    type: 'object', properties: {
      tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
      receivers: {
        type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name', 'port'],
        items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' }, url: { type: 'string' } } },
      },
    },
  };
  expect(check(schema, alert('ok', { tags: ['a', 'b'], receivers: [{ name: 'a', port: 1 }, { name: 'a', port: 2 }] }))).toEqual([]);
  const problems = check(schema, alert('dup', { tags: ['a', 'a'], receivers: [{ name: 'a', port: 1, url: 'x' }, { name: 'b', port: 1 }, { name: 'a', port: 1, url: 'y' }] }));
  expect(problems).toEqual([
    { severity: 'error', rule: 'schema', path: 'test/Alert/dup', field: 'spec.tags', message: 'must NOT have duplicate items (items ## 1 and 0 are identical)' },
    { severity: 'error', rule: 'schema', path: 'test/Alert/dup', field: 'spec.receivers[2]', message: 'duplicate entry: same name, port as item 0' },
  ]);
});

describe('CEL rules (x-kubernetes-validations)', () => {
  const schema = {
    type: 'object',
    'x-kubernetes-validations': [
      { rule: 'self.minReplicas <= self.maxReplicas', message: 'minReplicas must not exceed maxReplicas' },
      { rule: "!has(self.tls) || self.port == 443", fieldPath: '.port' },
      { rule: 'self.name.startsWith("team-") && size(self.name) <= 20' },
      { rule: 'self.receivers.all(r, r.matches("^[a-z]+$")) && self.receivers.exists_one(r, r == "oncall")', message: 'exactly one oncall receiver' },
      { rule: 'self.minReplicas + 1 > 1', message: 'integer arithmetic' },
      { rule: 'self.ratio < 1.0', message: 'ratio below one' },
    ],
    properties: {
      name: { type: 'string' }, port: { type: 'integer' }, tls: { type: 'object' },
      minReplicas: { type: 'integer' }, maxReplicas: { type: 'integer' }, ratio: { type: 'number' },
      receivers: { type: 'array', items: { type: 'string' } },
      size: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'immutable' }, { rule: 'quantity(self).isLessThan(quantity("1Gi"))' }] },
    },
  };
  const good = { name: 'team-a', port: 443, tls: {}, minReplicas: 1, maxReplicas: 3, ratio: 0.5, receivers: ['oncall', 'mail'], size: '1Mi' };

  test('true rules pass; rules the library cannot evaluate are one warning each, on the CRD', () => {
    expect(check(schema, alert('ok', good), alert('ok2', good))).toEqual([
      { severity: 'warning', rule: 'schema/not-checked', path: CRD_PATH,
        message: 'CRD alerts.mon.example.com version v1: spec.size: CEL rule `self == oldSelf` not checked at synth: a transition rule (oldSelf): the API server checks it on update' },
      { severity: 'warning', rule: 'schema/not-checked', path: CRD_PATH,
        message: expect.stringMatching(/^CRD alerts\.mon\.example\.com version v1: spec\.size: CEL rule `quantity\(self\)\.isLessThan\(quantity\("1Gi"\)\)` not checked at synth: not evaluable here \(/) },
    ]);
  });

  test('a false rule is an error on its field, with its message (never the value)', () => {
    const bad = { ...good, name: 'ops-b', port: 8443, minReplicas: 5, receivers: ['oncall', 'Pager'], ratio: 2 };
    const errors = check(schema, alert('bad', bad)).filter((p) => p.severity === 'error');
    expect(errors).toEqual([
      { severity: 'error', rule: 'schema', path: 'test/Alert/bad', field: 'spec', message: 'minReplicas must not exceed maxReplicas' },
      { severity: 'error', rule: 'schema', path: 'test/Alert/bad', field: 'spec.port', message: 'failed rule: !has(self.tls) || self.port == 443' },
      { severity: 'error', rule: 'schema', path: 'test/Alert/bad', field: 'spec', message: 'failed rule: self.name.startsWith("team-") && size(self.name) <= 20' },
      { severity: 'error', rule: 'schema', path: 'test/Alert/bad', field: 'spec', message: 'exactly one oncall receiver' },
      { severity: 'error', rule: 'schema', path: 'test/Alert/bad', field: 'spec', message: 'ratio below one' },
    ]);
  });

  test('a rule that fails at run time (a field absent without has()) is left to the API server, once', () => {
    const { name: _n, ...noName } = good;
    const problems = check(schema, alert('a', noName), alert('b', noName));
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(problems.filter((p) => p.message.includes('could not be evaluated'))).toEqual([
      { severity: 'warning', rule: 'schema/not-checked', path: CRD_PATH,
        message: 'CRD alerts.mon.example.com version v1: spec: CEL rule `self.name.startsWith("team-") && size(self.name) <= 20` not checked at synth: it could not be evaluated (No such key: name); the API server checks it' },
    ]);
  });
});

test('an embedded resource needs apiVersion and kind; unknown fields inside are kept when preserved', () => {
  const schema = { type: 'object', properties: { template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } } };
  expect(check(schema, alert('ok', { template: { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } } }))).toEqual([]);
  expect(check(schema, alert('bad', { template: { metadata: { name: 'x' }, data: {} } }))).toEqual([
    { severity: 'error', rule: 'schema', path: 'test/Alert/bad', field: 'spec.template.apiVersion', message: 'required field is missing' },
    { severity: 'error', rule: 'schema', path: 'test/Alert/bad', field: 'spec.template.kind', message: 'required field is missing' },
  ]);
});

test('CEL sees what the API server builds: schema defaults, escaped property names, map keys as they are', () => {
  const schema = {
    type: 'object',
    'x-kubernetes-validations': [
      { rule: "self.mode == 'fast'", message: 'mode defaults to fast' },
      { rule: 'self.max__dash__surge <= 5 && self.__namespace__ != ""', message: 'escaped names' },
      { rule: "self.limits['cpu-cores'] > 0", message: 'map keys' },
    ],
    properties: {
      mode: { type: 'string', default: 'fast' },
      'max-surge': { type: 'integer' },
      namespace: { type: 'string' },
      limits: { type: 'object', additionalProperties: { type: 'integer' } },
    },
  };
  expect(check(schema, alert('ok', { 'max-surge': 2, namespace: 'ops', limits: { 'cpu-cores': 4 } }))).toEqual([]);
  expect(check(schema, alert('bad', { mode: 'slow', 'max-surge': 9, namespace: 'ops', limits: { 'cpu-cores': 0 } })).map((p) => p.message))
    .toEqual(['mode defaults to fast', 'escaped names', 'map keys']);
});
