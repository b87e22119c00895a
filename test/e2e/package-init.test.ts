// `npx kapstan init` from the packed tarball (a loopback registry, no network): the new project's
// own tests pass, it synthesizes, and it applies to a dev cluster, right away.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { useCluster } from './harness';
import { expectOk, npmEnv, packKapstan, run, startRegistry } from './package-fixtures';
import type { LocalRegistry } from './package-registry';

jest.setTimeout(600_000);

describe('kapstan init, from the tarball', () => {
  const cluster = useCluster({ shared: true });
  let work: string;
  let registry: LocalRegistry;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-init-'));
    registry = await startRegistry(await packKapstan(work));
    env = npmEnv(registry, path.join(work, 'npm-cache'));
  });
  afterAll(async () => {
    await registry?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('creates a project whose npm test, synth and apply pass as created', async () => {
    const version = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
    const init = expectOk(await run('npx', ['--yes', `kapstan@${version}`, 'init', 'shop'], { cwd: work, env }), 'npx kapstan init shop');
    expect(init.stdout).toContain('created 8 files in shop');
    const dir = path.join(work, 'shop');
    expect(fs.existsSync(path.join(dir, 'node_modules', 'kapstan', 'lib', 'kapstan.js'))).toBe(true);

    const tests = await run('npm', ['test'], { cwd: dir, env: { ...env, CI: 'true' } });
    expect({ code: tests.code, out: tests.stdout + tests.stderr }).toEqual({ code: 0, out: expect.stringContaining('Tests:       2 passed, 2 total') });

    expectOk(await run('npx', ['kapstan', 'synth'], { cwd: dir, env }), 'npx kapstan synth');
    const index = JSON.parse(fs.readFileSync(path.join(dir, 'dist', 'dev', 'index.json'), 'utf8'));
    expect(index.objects.map((o: any) => `${o.kind} ${o.name}`)).toEqual(expect.arrayContaining(['Namespace shop', 'Deployment web', 'Service web']));

    // the generated .gitignore keeps installs, output and local state out of git
    expectOk(await run('git', ['init', '-q'], { cwd: dir, env }), 'git init');
    const status = (await run('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: dir, env })).stdout;
    expect(status.split('\n').filter(Boolean).map((l) => l.slice(3)).sort()).toEqual(
      ['.gitignore', 'README.md', 'cdk8s.yaml', 'main.ts', 'package-lock.json', 'package.json', 'stack.ts', 'test/stack.test.ts', 'tsconfig.json'],
    );

    const c = cluster();
    const applied = await run('npx', ['kapstan', 'apply', '--stack', 'dev', '--kubeconfig', c.kubeconfig, '--yes', '--output', 'json'], { cwd: dir, env });
    expect({ code: applied.code, stderr: applied.stderr }).toEqual({ code: 0, stderr: '' });
    expect(applied.stdout.trim().split('\n').map((l) => JSON.parse(l)).at(-1)).toMatchObject({ type: 'summary', stack: 'dev', outcome: 'succeeded', failed: 0 });
    const deploy = await c.kubectlJson(['-n', 'shop', 'get', 'deployment', 'web']);
    expect(deploy.spec.template.spec.containers[0].image).toBe('nginx:1.27.3');

    expectOk(await run('npx', ['kapstan', 'destroy', '--stack', 'dev', '--kubeconfig', c.kubeconfig, '--yes'], { cwd: dir, env }), 'kapstan destroy');
  });

  it('refuses a directory that already holds files', async () => {
    const dir = path.join(work, 'busy');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'main.ts'), '// mine\n');
    const cli = path.join(work, 'shop', 'node_modules', '.bin', 'kapstan');
    const r = await run(cli, ['init', dir], { cwd: work, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not empty (main.ts)');
    expect(fs.readFileSync(path.join(dir, 'main.ts'), 'utf8')).toBe('// mine\n');
  });
});
