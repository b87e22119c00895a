import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App } from 'cdk8s';
import { Stack, type StackProps } from '../../../stacks';
import { synthesize } from '../../../synth';
import { tempDir } from './helpers';

/** A stack with a ConfigMap whose data value is a number: a schema error (data values are strings). */
function badApp(props: StackProps = {}) {
  const app = new App();
  const s = new Stack(app, 'prod', { namespace: 'web', ...props });
  new ApiObject(s, 'Conf', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf' }, data: { replicas: 3 } });
  return app;
}

describe('validation modes', () => {
  test('strict: a schema error fails synthesis, names the construct path and field, and nothing is written', () => {
    const out = path.join(tempDir(), 'dist');
    const result = synthesize(badApp(), { outdir: out, validate: 'strict' });
    expect(result.ok).toBe(false);
    const problem = result.problems.find((p) => p.rule === 'schema');
    expect(problem).toMatchObject({ severity: 'error', path: 'prod/Conf' });
    expect(problem!.field).toContain('data');
    expect(fs.existsSync(out)).toBe(false);
  });

  test('warn: the same problem is reported as a warning and the output is written', () => {
    const out = tempDir();
    const result = synthesize(badApp(), { outdir: out, validate: 'warn' });
    expect(result.ok).toBe(true);
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems.every((p) => p.severity === 'warning')).toBe(true);
    expect(fs.existsSync(path.join(out, 'prod', '05-config.k8s.yaml'))).toBe(true);
  });

  test('off: no checks run', () => {
    const result = synthesize(badApp(), { outdir: tempDir(), validate: 'off' });
    expect(result).toMatchObject({ ok: true, problems: [] });
  });

  test("a stack's validation options reach validation (rule severities)", () => {
    const result = synthesize(badApp({ validation: { rules: { schema: 'off' } } }), { outdir: tempDir(), validate: 'strict' });
    expect(result.problems.filter((p) => p.rule === 'schema')).toEqual([]);
  });

  test('objects included from YAML are reported by stack, object, file and document', () => {
    const app = new App();
    const conf = new ApiObject(new Stack(app, 'prod'), 'Included', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf' }, data: { n: 1 } });
    conf.node.addMetadata('kapstan:source', { file: 'raw/config.yaml', document: 2 });
    const result = synthesize(app, { outdir: tempDir() });
    expect(result.problems.find((p) => p.rule === 'schema')).toMatchObject({ path: 'prod/Included (raw/config.yaml#2)', field: 'data.n' });
  });
});
