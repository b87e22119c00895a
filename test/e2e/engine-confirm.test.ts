// The confirmation prompt before deleting, answered in a real terminal (a pseudo-terminal from
// util-linux `script`): `apply --prune` and `destroy` delete only after "y"; "n", Ctrl-D and Ctrl-C
// delete nothing and do not exit 0. Outside a terminal, nothing is deleted without --yes.
// (`apply --prune` outside a terminal is covered in engine-prune.test.ts.)
import { KubeClient } from '../../engine/client';
import { engineCluster, ClusterInfo } from './engine-cluster';
import { configMap, kapstan, namespace, uniqueNs, writeStack } from './engine-fixtures';
import { kapstanInTerminal, killTerminals } from './terminal';

// Bounds a prompt that never comes (the run is then killed in afterEach); nothing asserts on time.
const TEST_TIMEOUT_MS = 120_000;

describe('engine: the delete prompt in a terminal', () => {
  const clusterOf = engineCluster({ shared: true });
  let c: ClusterInfo;
  let client: KubeClient;
  const ns = uniqueNs('e2e-confirm');
  let dist: string;
  const args = (cmd: string[]) => [...cmd, '--dir', dist, '--kubeconfig', c.kubeconfig];
  const exists = async (name: string) => !!(await client.request('GET', `/api/v1/namespaces/${ns}/configmaps/${name}`, { allow: [404] }));
  const deployAll = async () => {
    writeStack('confirm', ns, [namespace(ns), configMap(ns, 'stays'), configMap(ns, 'leaves')], dist);
    expect((await kapstan(args(['apply', '--no-wait']))).code).toBe(0);
    writeStack('confirm', ns, [namespace(ns), configMap(ns, 'stays')], dist);
  };

  beforeAll(async () => {
    c = clusterOf();
    client = await KubeClient.connect({ kubeconfig: c.kubeconfig });
    dist = writeStack('confirm', ns, []);
  });
  afterEach(killTerminals);
  afterAll(() => client?.close());

  it('apply --prune, answered "n": the prompt names the count, nothing is deleted, exit 1', async () => {
    await deployAll();
    const r = await kapstanInTerminal(args(['apply', '--prune', '--no-wait']), { answer: 'n' });
    expect(r.prompted).toBe(true);
    // Where (context, cluster, server) and what, as a table.
    expect(r.screen).toMatch(new RegExp(`to prune \\(left stack confirm\\), kube context (\\S+) \\((cluster \\S+, )?https://127\\.0\\.0\\.1:\\d+\\):\n  NAMESPACE +KIND +NAME\n  ${ns} +ConfigMap +leaves\n`));
    expect(r.screen).toMatch(/Delete these 1 object\(s\) from kube context \S+\? \[y\/N\] n/);
    expect(r.screen).toContain('prune skipped');
    expect(r.screen).toContain('apply done, prune declined');
    expect(r.code).toBe(1);
    expect(await exists('leaves')).toBe(true);
    expect(await exists('stays')).toBe(true);
  }, TEST_TIMEOUT_MS);

  it('apply --prune, Ctrl-D at the prompt: taken as no (exit 1); Ctrl-C: interrupted (exit 130); nothing deleted', async () => {
    const eof = await kapstanInTerminal(args(['apply', '--prune', '--no-wait']), { answer: '\u0004', raw: true });
    expect(eof.prompted).toBe(true);
    expect(eof.screen).toContain('prune skipped');
    expect(eof.code).toBe(1);
    const intr = await kapstanInTerminal(args(['apply', '--prune', '--no-wait']), { answer: '\u0003', raw: true });
    expect(intr.prompted).toBe(true);
    expect(intr.screen).toContain('[y/N] ^C');
    expect(intr.screen).not.toContain('apply done');
    expect(intr.code).toBe(130);
    expect(await exists('leaves')).toBe(true);
  }, TEST_TIMEOUT_MS);

  it('apply --prune, answered "y": the member that left is deleted, exit 0', async () => {
    const r = await kapstanInTerminal(args(['apply', '--prune', '--no-wait']), { answer: 'y' });
    expect(r.prompted).toBe(true);
    expect(r.screen).toContain(`ConfigMap ${ns}/leaves pruned`);
    expect(r.code).toBe(0);
    expect(await exists('leaves')).toBe(false);
    expect(await exists('stays')).toBe(true);
  }, TEST_TIMEOUT_MS);

  it('destroy outside a terminal without --yes deletes nothing and says to use --yes', async () => {
    const r = await kapstan(args(['destroy']));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('destroy of 1 object(s): not running in a terminal, so nothing was deleted; rerun with --yes to confirm');
    expect(await exists('stays')).toBe(true);
  }, TEST_TIMEOUT_MS);

  it('destroy, answered "n": nothing is deleted, exit 1', async () => {
    const r = await kapstanInTerminal(args(['destroy']), { answer: 'n' });
    expect(r.prompted).toBe(true);
    expect(r.screen).toMatch(/Delete these \d+ object\(s\) from kube context \S+\? \[y\/N\] n/);
    expect(r.screen).toContain('destroy cancelled');
    expect(r.code).toBe(1);
    expect(await exists('stays')).toBe(true);
  }, TEST_TIMEOUT_MS);

  it('destroy, answered "y": the members are deleted (the namespace is kept as protected), exit 0', async () => {
    const r = await kapstanInTerminal(args(['destroy']), { answer: 'y' });
    expect(r.prompted).toBe(true);
    expect(r.screen).toContain(`ConfigMap ${ns}/stays deleted`);
    expect(r.code).toBe(0);
    expect(await exists('stays')).toBe(false);
    expect(await client.request('GET', `/api/v1/namespaces/${ns}`, { allow: [404] })).toBeDefined();
  }, TEST_TIMEOUT_MS);
});
