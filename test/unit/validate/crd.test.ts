import { readFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { validateObjects } from '../../../validate';
import { importCrds, readCrds } from '../../../validate/crd/import-crds';
import { generateBinding } from '../../../validate/crd/codegen';
import { Widget, WidgetPropsSpecColor, WidgetPropsSpecMaxUnavailable } from '../../../imports/widgets.samples.kapstan.dev';
import { obj } from './helpers';

const IMPORTS = join(__dirname, '../../../imports');
const SAMPLE = join(IMPORTS, 'crds/widgets.samples.kapstan.dev.yaml');

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'backups.ops.example.com' },
  spec: {
    group: 'ops.example.com', scope: 'Namespaced',
    names: { kind: 'Backup', plural: 'backups' },
    versions: [{
      name: 'v1', served: true, storage: true,
      schema: { openAPIV3Schema: {
        type: 'object',
        properties: {
          spec: {
            type: 'object', required: ['schedule'],
            properties: {
              schedule: { type: 'string', pattern: '^[0-9*/ ,-]+$' },
              retention: { type: 'integer', minimum: 1 },
              mode: { type: 'string', enum: ['full', 'incremental'] },
              window: { 'x-kubernetes-int-or-string': true },
              settings: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
          },
        },
      } },
    }],
  },
};

describe('custom resources are validated against their CRD schema', () => {
  it('uses a CRD declared in the same app', () => {
    const backup = {
      apiVersion: 'ops.example.com/v1', kind: 'Backup', metadata: { name: 'nightly' },
      spec: { retention: 0, mode: 'differential', window: 1.5, settings: { anything: { goes: true } }, extra: 1 },
    };
    expect(validateObjects([obj(crd), obj(backup)], { importsDir: false })).toEqual([
      { severity: 'error', rule: 'schema', path: 'test/Backup/nightly', field: 'spec.schedule', message: 'required field is missing' },
      { severity: 'error', rule: 'schema', path: 'test/Backup/nightly', field: 'spec.extra', message: 'unknown field' },
      { severity: 'error', rule: 'schema', path: 'test/Backup/nightly', field: 'spec.retention', message: 'must be >= 1' },
      { severity: 'error', rule: 'schema', path: 'test/Backup/nightly', field: 'spec.mode',
        message: 'unsupported value; expected one of "full", "incremental"' },
      { severity: 'error', rule: 'schema', path: 'test/Backup/nightly', field: 'spec.window', message: 'expected integer or string, got number' },
    ]);
    const good = { apiVersion: 'ops.example.com/v1', kind: 'Backup', metadata: { name: 'nightly' }, spec: { schedule: '0 3 * * *', window: '10%' } };
    expect(validateObjects([obj(crd), obj(good)], { importsDir: false })).toEqual([]);
  });

  it('uses a schema passed in options', () => {
    const schema = crd.spec.versions[0].schema.openAPIV3Schema;
    const backup = { apiVersion: 'ops.example.com/v1', kind: 'Backup', metadata: { name: 'b' }, spec: { schedule: 'daily' } };
    expect(validateObjects([obj(backup)], { importsDir: false, crds: [{ group: 'ops.example.com', version: 'v1', kind: 'Backup', schema }] })).toEqual([
      { severity: 'error', rule: 'schema', path: 'test/Backup/b', field: 'spec.schedule', message: 'must match pattern "^[0-9*/ ,-]+$"' },
    ]);
  });

  it('validates objects of an imported binding against the schema saved in imports/', () => {
    const app = new App();
    const chart = new Chart(app, 'prod');
    new Widget(chart, 'good', {
      metadata: { name: 'good' },
      spec: { size: 3, color: WidgetPropsSpecColor.GREEN, ownerTeam: 'payments', maxUnavailable: WidgetPropsSpecMaxUnavailable.fromString('10%') },
    });
    new Widget(chart, 'bad', { metadata: { name: 'bad' }, spec: { size: 20, color: 'pink' as WidgetPropsSpecColor, ownerTeam: 'Payments' } });
    const objects = chart.toJson().map((manifest: any) => ({ manifest, path: `prod/${manifest.metadata.name}`, stack: 'prod' }));
    expect(objects[0].manifest.spec).toEqual({ size: 3, color: 'green', 'owner-team': 'payments', maxUnavailable: '10%' });
    expect(validateObjects(objects, { importsDir: IMPORTS })).toEqual([
      { severity: 'error', rule: 'schema', path: 'prod/bad', field: 'spec.size', message: 'must be <= 10' },
      { severity: 'error', rule: 'schema', path: 'prod/bad', field: 'spec.color', message: 'unsupported value; expected one of "red", "green", "blue"' },
      { severity: 'error', rule: 'schema', path: 'prod/bad', field: 'spec.owner-team', message: 'must match pattern "^[a-z][a-z0-9-]*$"' },
    ]);
  });

  it('the committed sample binding and schema are exactly what `kapstan import` generates', () => {
    const out = mkdtempSync(join(tmpdir(), 'kapstan-import-'));
    const cwd = process.cwd();
    process.chdir(join(IMPORTS, '..'));
    try {
      importCrds('imports/crds/widgets.samples.kapstan.dev.yaml', out);
    } finally {
      process.chdir(cwd);
    }
    expect(readdirSync(out).sort()).toEqual(['widgets.samples.kapstan.dev.schema.json', 'widgets.samples.kapstan.dev.ts']);
    for (const f of readdirSync(out)) expect(readFileSync(join(out, f), 'utf8')).toBe(readFileSync(join(IMPORTS, f), 'utf8'));
  });

  it('generates a class per version and reads the storage version as the plain kind', () => {
    const [sample] = readCrds(SAMPLE);
    expect(sample.versions.map((v) => v.name)).toEqual(['v1', 'v1alpha1']);
    const code = generateBinding(sample, 'widgets.yaml');
    expect(code).toContain("export class Widget extends ApiObject {");
    expect(code).toContain("public static readonly GVK: GroupVersionKind = { apiVersion: 'samples.kapstan.dev/v1alpha1', kind: 'Widget' };");
    expect(code).toContain('export class WidgetV1Alpha1 extends ApiObject {');
  });

  it('rejects a file without CustomResourceDefinitions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kapstan-import-'));
    const file = join(dir, 'cm.yaml');
    require('node:fs').writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    expect(() => readCrds(file)).toThrow(`${file}: no CustomResourceDefinition found`);
  });
});
