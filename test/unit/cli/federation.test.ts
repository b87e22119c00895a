// The checks `--federation` runs before any API call (exit 2, nothing sent).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runFederation, type FederationFlags } from '../../../cli/federation';

function dist(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-fedcli-'));
  for (const [cluster, wave] of [['a', 1], ['b', 2]] as const) {
    const dir = path.join(d, 'global', cluster);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, '01-config.k8s.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: web\n');
    fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify({
      stack: `global-${cluster}`, context: `ctx-${cluster}`, namespace: 'web', federation: { name: 'global', cluster, wave },
      objects: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', namespace: 'web', group: 'config', file: '01-config.k8s.yaml' }],
    }));
  }
  // One kubeconfig that knows only member a's context.
  fs.writeFileSync(path.join(d, 'kubeconfig'), [
    'apiVersion: v1', 'kind: Config', 'current-context: ctx-a',
    'clusters: [{name: a, cluster: {server: "https://127.0.0.1:1"}}]',
    'users: [{name: u, user: {token: t}}]',
    'contexts: [{name: ctx-a, context: {cluster: a, user: u}}]',
  ].join('\n'));
  return d;
}

async function run(command: 'apply' | 'diff' | 'status' | 'destroy', flags: Partial<FederationFlags>) {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((t: any) => { stdout += t; return true; });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((t: any) => { stderr += t; return true; });
  try {
    const code = await runFederation(command, { federation: 'global', output: 'text', timeout: '5m', concurrency: '16', ...flags });
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('runFederation: usage errors before any API call', () => {
  const d = dist();
  const kc = path.join(d, 'kubeconfig');

  test.each([
    [{ dir: d, stack: 'global-a' }, '--stack and --federation cannot be combined'],
    [{ dir: d, app: 'node app.js' }, 'use either --app or --dir, not both'],
    [{ dir: d, timeout: 'soon' }, '--timeout:'],
    [{ dir: d, concurrency: '0' }, '--concurrency must be a whole number from 1 to 256 (got 0)'],
    [{ dir: d, failFast: 'maybe' }, '--fail-fast takes true or false (got maybe)'],
    [{ dir: d, federation: 'other' }, 'no federation "other" (federations here: global)'],
    [{ dir: d, waves: 'a,c' }, '"c" is not a member (members: a, b)'],
    [{ dir: d, kubeconfig: kc }, 'cluster b: kube context "ctx-b" is not in the kubeconfig'],
    [{ dir: d, kubeconfig: `a=${kc},b=${path.join(d, 'none')}` }, 'cluster b: cannot read kubeconfig'],
  ])('%j', async (flags, message) => {
    const r = await run('apply', flags as Partial<FederationFlags>);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });

  test.each([
    [{ dir: d, via: 'istio' }, '--via: unknown engine "istio" (known: karmada)'],
    [{ dir: d, via: 'karmada' }, 'federation global has no Karmada output'],
    [{ dir: d, via: 'karmada', waves: '1' }, '--waves cannot be combined with --via karmada'],
    [{ dir: d, via: 'karmada', atomic: true }, '--atomic cannot be combined with --via karmada'],
  ])('--via: %j', async (flags, message) => {
    const r = await run('apply', flags as Partial<FederationFlags>);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });

  test('--via karmada checks the Karmada kubeconfig and context before any API call', async () => {
    const k = path.join(d, 'global', 'karmada');
    fs.mkdirSync(k, { recursive: true });
    fs.writeFileSync(path.join(k, 'index.json'), JSON.stringify({ stack: 'global-karmada', context: 'ctx-karmada', namespace: 'web', objects: [] }));
    try {
      const r = await run('status', { dir: d, via: 'karmada', kubeconfig: kc });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('cluster karmada: kube context "ctx-karmada" is not in the kubeconfig');
      expect(r.stderr).toContain('nothing was sent to any cluster');
    } finally {
      fs.rmSync(k, { recursive: true, force: true });
    }
  });
});
