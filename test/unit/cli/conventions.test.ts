// The CLI's conventions, run as a user runs them: usage errors exit 2 with the usage line, one
// error prefix, --version/-V, per-command flags, an app that throws reported as one line, and an
// unreachable cluster failing at once with its server and context named.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { KAPSTAN_VERSION as VERSION } from '../../../version';

const ROOT = path.resolve(__dirname, '../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const fixture = (name: string) => `${TSX} ${path.join(ROOT, 'test/unit/synth/fixtures', name)}`;

function kapstan(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/kapstan.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-cli-'));

describe('usage errors', () => {
  test('an unknown flag exits 2 (not 1, which diff uses for "differences") with the usage line', () => {
    const r = kapstan(['diff', '--stak', 'prod']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: unknown option '--stak'");
    expect(r.stderr).toContain('(Did you mean --stack?)');
    expect(r.stderr).toContain('usage: kapstan diff [options]');
    expect(r.stdout).toBe('');
  });

  test.each([
    [['apply', '--timeout', '5x'], "option '--timeout <duration>' argument '5x' is invalid. invalid duration \"5x\""],
    [['apply', '--concurrency', '0'], "option '--concurrency <n>' argument '0' is invalid. must be a whole number from 1 to 256"],
    [['apply', '--fail-fast=maybe'], "option '--fail-fast [bool]' argument 'maybe' is invalid. takes true or false"],
    [['rollback', '--history-max', 'ten'], "option '--history-max <n>' argument 'ten' is invalid"],
    [['apply', '--output', 'yaml'], "option '-o, --output <format>' argument 'yaml' is invalid"],
  ])('a bad value (%j) is a usage error, before anything runs', (args, message) => {
    const r = kapstan(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${message}`);
    expect(r.stderr).toContain(`usage: kapstan ${args[0]} [options]`);
  });

  test('no command at all prints the help and exits 2', () => {
    const r = kapstan([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: kapstan [options] [command]');
  });
});

describe('version and help', () => {
  test('--version and -V print the version; -v is not the version (kubectl uses it for verbosity)', () => {
    expect(kapstan(['--version'])).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    expect(kapstan(['-V'])).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    expect(kapstan(['-v']).code).toBe(2);
  });

  const flagsOf = (cmd: string) => [...kapstan([cmd, '--help']).stdout.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]);

  test("each command's --help offers only its own flags", () => {
    for (const cmd of ['history', 'status']) {
      const flags = flagsOf(cmd);
      expect(flags).toEqual(expect.arrayContaining(['--app', '--dir', '--stack', '--context', '--kubeconfig', '--namespace', '--output']));
      expect(flags).not.toEqual(expect.arrayContaining(['--yes']));
      expect(flags).not.toContain('--concurrency');
      expect(flags).not.toContain('--timeout');
      expect(flags).not.toContain('--fail-fast');
    }
    expect(flagsOf('diff')).not.toContain('--yes');
    expect(flagsOf('diff')).not.toContain('--timeout');
    expect(flagsOf('apply')).toEqual(expect.arrayContaining(['--yes', '--timeout', '--concurrency', '--fail-fast', '--atomic', '--no-wait']));
    expect(flagsOf('destroy')).toEqual(expect.arrayContaining(['--yes', '--timeout', '--concurrency']));
    expect(flagsOf('destroy')).not.toContain('--fail-fast');
  });
});

describe('an app that throws', () => {
  test('a construct prop error: one error line naming the app file and line and the construct path, no stack trace', () => {
    const r = kapstan(['synth', '--app', fixture('throwing-app.ts'), '--output', tmp()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: the app (${fixture('throwing-app.ts')}) failed before synthesizing: test/unit/synth/fixtures/throwing-app.ts:7: prod/storefront: maxReplicas: must be >= minReplicas (2 < 5)\n` +
      '(run with --verbose for the full output)\n');
    expect(r.stderr).not.toContain('does it call app.synth()');
  });

  test('with --verbose the stack trace follows', () => {
    const r = kapstan(['synth', '--verbose', '--app', fixture('throwing-app.ts'), '--output', tmp()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: the app .* failed before synthesizing: .*throwing-app\.ts:7: /);
    expect(r.stderr).toMatch(/\n\s+at new WebService \(.*web-service\.ts:\d+:\d+\)/);
  });

  test('a syntax error names the file, line and column', () => {
    // Written here: a fixture with a syntax error would break the type check of the repository.
    const file = path.join(tmp(), 'main.ts');
    fs.writeFileSync(file, "import { App, Chart } from 'cdk8s';\n\nconst app = new App();\nnew Chart(app, 'broken';\napp.synth();\n");
    const r = kapstan(['synth', '--app', `${TSX} ${file}`, '--output', tmp()]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      `error: the app (${TSX} ${file}) failed before synthesizing: TransformError: ${file}:4:23: Expected ")" but found ";"`);
  });

  test('a missing module names the file that imports it', () => {
    const file = path.join(tmp(), 'main.ts');
    fs.writeFileSync(file, "import { services } from './services-that-do-not-exist';\n\nservices();\n");
    const r = kapstan(['synth', '--app', `${TSX} ${file}`, '--output', tmp()]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toContain(`failed before synthesizing: Cannot find module './services-that-do-not-exist' (imported by ${file})`);
  });

  test('an engine command reports it the same way, after saying it is synthesizing', () => {
    const r = kapstan(['diff', '--app', fixture('throwing-app.ts')]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe(`synthesizing the app (${fixture('throwing-app.ts')})…`);
    expect(lines[1]).toContain('error: the app');
    expect(lines[1]).toContain('throwing-app.ts:7: prod/storefront: maxReplicas');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('an unreachable cluster', () => {
  test('fails at once naming the server and the context, not after 90 s of retries', async () => {
    // A port that was free a moment ago: connections are refused.
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const dir = tmp();
    const kubeconfig = path.join(dir, 'kubeconfig');
    fs.writeFileSync(kubeconfig, [
      'apiVersion: v1', 'kind: Config', 'current-context: gone',
      'clusters: [{name: gone, cluster: {server: "http://127.0.0.1:' + port + '"}}]',
      'contexts: [{name: gone, context: {cluster: gone, user: nobody}}]',
      'users: [{name: nobody, user: {token: t}}]', '',
    ].join('\n'));
    const dist = path.join(dir, 'dist', 'web');
    fs.mkdirSync(dist, { recursive: true });
    fs.writeFileSync(path.join(dist, 'index.json'), JSON.stringify({ stack: 'web', namespace: 'web', objects: [] }));
    const r = kapstan(['status', '--dir', path.join(dir, 'dist'), '--kubeconfig', kubeconfig]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: cannot reach the API server http://127.0.0.1:${port} of kube context "gone" (connect ECONNREFUSED 127.0.0.1:${port})`);
    // Far fewer retries than the 90 s budget would make.
    expect(r.stderr.match(/retrying/g)?.length ?? 0).toBeLessThanOrEqual(2);
  });
});
