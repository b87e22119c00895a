import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { synthApp } from '../../../cli/commands/synth';
import { readIndex, readTree, tempDir } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const fixture = (name: string) => `${TSX} ${path.join(__dirname, 'fixtures', name)}`;

function kapstan(...args: string[]) {
  return spawnSync(process.execPath, [path.join(ROOT, 'bin/kapstan.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
}

describe('kapstan synth', () => {
  test('synthesizes a plain cdk8s app: every chart becomes a stack of its own name', () => {
    const out = tempDir();
    const run = kapstan('synth', '--app', fixture('plain-app.ts'), '--output', out);
    expect(run.stderr).not.toContain('error');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Synthesized 2 stacks, 3 objects in`);
    expect(run.stdout).toContain('frontend (namespace shop): 2 objects - Deployment 1, Service 1');
    expect(run.stdout).toContain('backend: 1 object - ConfigMap 1');
    expect(fs.readdirSync(out).sort()).toEqual(['backend', 'frontend']);
    const frontend = readIndex(path.join(out, 'frontend'));
    expect(frontend).toMatchObject({ stack: 'frontend', namespace: 'shop', context: null, labels: { tier: 'web' } });
    expect(frontend.objects.map((o: any) => [o.kind, o.file])).toEqual([
      ['Service', '07-services.k8s.yaml'],
      ['Deployment', '08-workloads.k8s.yaml'],
    ]);
    const deployment = YAML.parse(fs.readFileSync(path.join(out, 'frontend', '08-workloads.k8s.yaml'), 'utf8'));
    expect(deployment.metadata).toMatchObject({ namespace: 'shop', labels: { tier: 'web', 'app.kubernetes.io/managed-by': 'kapstan' } });
  });

  test('reports every problem at once with construct path and field, exits non-zero, writes nothing', () => {
    const out = path.join(tempDir(), 'dist');
    const run = kapstan('synth', '--app', fixture('bad-app.ts'), '--output', out);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('error   broken: backend is required [construct]');
    expect(run.stderr).toMatch(/error {3}broken\/Conf data\.replicas: .* \[schema\]/);
    expect(run.stderr).toContain('Synthesis failed with 2 errors');
    expect(fs.existsSync(out)).toBe(false);
  });

  test('an ES module app works too', () => {
    const out = tempDir();
    const run = kapstan('synth', '--app', fixture('esm-app.mts'), '--output', out);
    expect(run.status).toBe(0);
    expect(readIndex(path.join(out, 'esm')).objects.map((o: any) => o.kind)).toEqual(['ConfigMap']);
  });

  test("an app that loads its own copy of cdk8s is synthesized by Kapstan, not by that copy", () => {
    // a separate project: its own node_modules/cdk8s (and constructs), outside this repo
    const project = tempDir();
    for (const pkg of ['cdk8s', 'constructs']) fs.cpSync(path.join(ROOT, 'node_modules', pkg), path.join(project, 'node_modules', pkg), { recursive: true });
    fs.copyFileSync(path.join(__dirname, 'fixtures', 'esm-app.mts'), path.join(project, 'app.mts'));
    const out = path.join(project, 'out');
    const run = kapstan('synth', '--app', `${TSX} ${path.join(project, 'app.mts')}`, '--output', out);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(fs.readdirSync(out)).toEqual(['esm']);
    expect(fs.existsSync(path.join(project, 'dist'))).toBe(false); // cdk8s's own synth did not run
    expect(fs.existsSync(path.join(ROOT, 'dist', 'esm.k8s.yaml'))).toBe(false);
  });

  test('a compiled JavaScript app run with plain node works too', () => {
    const dir = tempDir();
    const cdk8s = JSON.stringify(path.join(ROOT, 'node_modules', 'cdk8s'));
    fs.writeFileSync(path.join(dir, 'app.js'), [
      `const { App, Chart, ApiObject } = require(${cdk8s});`,
      'const app = new App();',
      "new ApiObject(new Chart(app, 'js'), 'conf', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf' } });",
      'app.synth();',
    ].join('\n'));
    const out = path.join(dir, 'out');
    const run = kapstan('synth', '--app', `${process.execPath} ${path.join(dir, 'app.js')}`, '--output', out);
    expect(run.status).toBe(0);
    expect(readIndex(path.join(out, 'js')).objects.map((o: any) => `${o.kind}/${o.name}`)).toEqual(['ConfigMap/conf']);
  });

  test('--validate warn writes the output and still shows the problems', () => {
    const out = tempDir();
    const run = kapstan('synth', '--app', fixture('bad-app.ts'), '--output', out, '--validate', 'warn');
    // the construct's own validation is not a check that can be waived
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/warning broken\/Conf data\.replicas/);
  });

  test('rejects an unknown --validate mode', () => {
    const run = kapstan('synth', '--validate', 'lenient');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("argument 'lenient' is invalid");
  });

  test('synthApp runs the app, returns the result and is deterministic across runs', async () => {
    const a = tempDir();
    const b = tempDir();
    const first = await synthApp({ app: fixture('plain-app.ts'), outdir: a, stdio: 'pipe', cwd: ROOT });
    await synthApp({ app: fixture('plain-app.ts'), outdir: b, stdio: 'pipe', cwd: ROOT });
    expect(first.ok).toBe(true);
    expect(first.stacks.map((s) => s.name)).toEqual(['frontend', 'backend']);
    expect(readTree(b)).toEqual(readTree(a));
  });

  test('synthApp --stack picks one chart of a plain app', async () => {
    const out = tempDir();
    const result = await synthApp({ app: fixture('plain-app.ts'), outdir: out, stack: 'backend', stdio: 'pipe', cwd: ROOT });
    expect(result.stacks.map((s) => s.name)).toEqual(['backend']);
    expect(fs.readdirSync(out)).toEqual(['backend']);
  });

  test('an app that synthesizes two Apps gets both, in one result', async () => {
    const out = tempDir();
    const result = await synthApp({ app: fixture('two-apps.ts'), outdir: out, stdio: 'pipe', cwd: ROOT });
    expect(result.stacks.map((s) => s.name)).toEqual(['first', 'second']);
    expect(fs.readdirSync(out).sort()).toEqual(['first', 'second']);
  });

  test('an app that never calls synth() is an error that says so', async () => {
    await expect(synthApp({ app: `${process.execPath} -e "require('cdk8s')"`, outdir: tempDir(), stdio: 'pipe', cwd: ROOT }))
      .rejects.toThrow('without synthesizing (does it call app.synth()?)');
  });

  test('an app that throws an input error: its one line, no stack trace and no app.synth() hint', async () => {
    const failure = synthApp({ app: fixture('include-bad-app.ts'), outdir: tempDir(), stdio: 'pipe', cwd: ROOT });
    const message = await failure.then(() => '', (e: Error) => e.message);
    expect(message).toMatch(/^the app \(.*\) failed before synthesizing: mon\/roles: \S+roles\.yaml: document 1, items\[0\]: metadata\.name is required \(Role\)$/);
    expect(message).not.toContain('app.synth()');
  });

  test("without --app, cdk8s.yaml's app is used; a missing cdk8s.yaml is a clear error", async () => {
    const dir = tempDir();
    await expect(synthApp({ cwd: dir })).rejects.toThrow(`no --app given and no cdk8s.yaml in ${dir}`);
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), `app: ${fixture('plain-app.ts')}\n`);
    const result = await synthApp({ cwd: dir, stdio: 'pipe' });
    expect(result.ok).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'dist')).sort()).toEqual(['backend', 'frontend']);
  });
});
