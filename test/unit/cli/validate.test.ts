import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const FILE = path.join(__dirname, 'fixtures', 'mistakes.yaml');
const REL = path.relative(ROOT, FILE);

function kapstan(args: string[], input?: string) {
  return spawnSync(process.execPath, [path.join(ROOT, 'bin/kapstan.js'), 'validate', ...args], { cwd: ROOT, encoding: 'utf8', input });
}

describe('kapstan validate', () => {
  test('text: every problem with object, file#document and field; exit 1 on errors', () => {
    const run = kapstan([REL]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`error   CronJob shop/report (${REL}#3) spec.schedule: Invalid value: "61 * * * *": minute: end of range (61) above maximum (59): 61 [apiserver]`);
    expect(run.stderr).toContain(`error   Deployment shop/web (${REL}#1) spec.replicas: Invalid value: -1: must be greater than or equal to 0 [apiserver]`);
    expect(run.stderr).toContain(`spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.key: Secret "db" has no key "username" [reference/key]`);
    expect(run.stderr).toContain('Validated 3 objects: 3 errors, 0 warnings');
    expect(run.stdout + run.stderr).not.toContain('do-not-print-me');
  });

  test('json from stdin: one object with the problems', () => {
    const run = kapstan(['-', '--output', 'json'], fs.readFileSync(FILE, 'utf8'));
    expect(run.status).toBe(1);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ ok: false, objects: 3, errors: 3, warnings: 0 });
    expect(out.problems.map((p: any) => `${p.path} ${p.field} ${p.rule}`)).toEqual([
      'CronJob shop/report (<stdin>#3) spec.schedule apiserver',
      'Deployment shop/web (<stdin>#1) spec.replicas apiserver',
      'Deployment shop/web (<stdin>#1) spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.key reference/key',
    ]);
    expect(run.stdout).not.toContain('do-not-print-me');
  });

  test('sarif: results located at the line of the field, for CI annotations', () => {
    const run = kapstan([path.dirname(FILE), '-o', 'sarif']);
    expect(run.status).toBe(1);
    const sarif = JSON.parse(run.stdout);
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0].results.map((r: any) => ({
      rule: r.ruleId, level: r.level, uri: r.locations[0].physicalLocation.artifactLocation.uri, line: r.locations[0].physicalLocation.region.startLine,
    }));
    const lines = fs.readFileSync(FILE, 'utf8').split('\n');
    const lineOf = (text: string) => lines.findIndex((l) => l.includes(text)) + 1;
    expect(results).toEqual([
      { rule: 'apiserver', level: 'error', uri: REL, line: lineOf('schedule: "61') },
      { rule: 'apiserver', level: 'error', uri: REL, line: lineOf('replicas: -1') },
      { rule: 'reference/key', level: 'error', uri: REL, line: lineOf('valueFrom: {secretKeyRef') },
    ]);
    expect(sarif.runs[0].tool.driver.rules.map((r: any) => r.id)).toContain('reference/key');
    expect(run.stdout).not.toContain('do-not-print-me');
  });

  test('an app, like synth, without writing anything', () => {
    const run = kapstan(['--app', `${TSX} ${path.join(ROOT, 'test/unit/synth/fixtures/bad-app.ts')}`, '-o', 'json']);
    expect(run.status).toBe(1);
    const out = JSON.parse(run.stdout);
    expect(out.problems.map((p: any) => p.rule)).toEqual(expect.arrayContaining(['construct', 'schema']));
  });

  test('a missing file is a clear error', () => {
    const run = kapstan(['no-such.yaml']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no-such.yaml: no such file or directory');
  });
});
