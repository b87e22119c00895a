// apply → Current, no-op re-apply, diff exit codes, history, rollback, --dry-run, status.
import { KubeClient } from '../../engine/client';
import { engineCluster, ClusterInfo } from './engine-cluster';
import { configMap, deployment, kapstan, namespace, ndjson, secret, service, writeStack } from './engine-fixtures';
import { uniqueNs } from './engine-fixtures';

jest.setTimeout(240_000);

describe('engine: apply, diff, history, rollback', () => {
  const clusterOf = engineCluster({ shared: true });
  let c: ClusterInfo;
  let client: KubeClient;
  const ns = uniqueNs('e2e-apply');
  const stack = (image: string, extraCm = 'on') => [
    namespace(ns), configMap(ns, 'settings', { mode: extraCm }), secret(ns, 'creds', { password: 'apply-test-pw-1' }),
    service(ns, 'web'), deployment(ns, 'web', image, { replicas: 2 }),
  ];
  let dist: string;
  const run = (args: string[]) => kapstan([...args, '--dir', dist, '--kubeconfig', c.kubeconfig, '--yes']);
  const image = async () => (await client.request('GET', `/apis/apps/v1/namespaces/${ns}/deployments/web`)).spec.template.spec.containers[0].image;

  beforeAll(async () => {
    c = clusterOf();
    client = await KubeClient.connect({ kubeconfig: c.kubeconfig });
    dist = writeStack('demo', ns, stack('nginx:1.27'));
  });
  afterAll(() => client?.close());

  it('diff before the first apply shows everything to create (exit 1)', async () => {
    const r = await run(['diff']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/to create: 5, to update: 0, to prune: 0, unchanged: 0/);
  });

  it('--dry-run changes nothing', async () => {
    const r = await run(['apply', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Deployment ${ns}/web created (dry run)`);
    expect(await client.request('GET', `/apis/apps/v1/namespaces/${ns}/deployments/web`, { allow: [404] })).toBeUndefined();
  });

  it('apply creates everything in order and reaches Current', async () => {
    const r = await run(['apply', '--output', 'json']);
    expect(r.code).toBe(0);
    const events = ndjson(r.stdout);
    const summary = events.at(-1);
    expect(summary).toMatchObject({ type: 'summary', created: 5, updated: 0, unchanged: 0, pruned: 0, outcome: 'succeeded', revision: 1 });
    const applied = events.filter((e) => e.type === 'apply').map((e) => e.kind);
    expect(applied.indexOf('Namespace')).toBeLessThan(applied.indexOf('ConfigMap'));
    expect(applied.indexOf('Service')).toBeLessThan(applied.indexOf('Deployment'));
    expect(summary.objects.find((o: any) => o.kind === 'Deployment').status).toBe('Current');
    const live = await client.request('GET', `/apis/apps/v1/namespaces/${ns}/deployments/web`);
    expect(live.metadata.labels['applyset.kubernetes.io/part-of']).toMatch(/^applyset-.*-v1$/);
    expect(live.status.readyReplicas).toBe(2);
    const parent = await client.request('GET', `/api/v1/namespaces/${ns}/secrets/kapstan-applyset-demo`);
    expect(parent.metadata.annotations['applyset.kubernetes.io/contains-group-kinds']).toBe('ConfigMap,Deployment.apps,Namespace,Secret,Service');
  });

  it('a second apply writes nothing and diff exits 0', async () => {
    const before = (await client.request('GET', `/apis/apps/v1/namespaces/${ns}/deployments/web`)).metadata.resourceVersion;
    const r = await run(['apply', '--output', 'json']);
    expect(r.code).toBe(0);
    // Nothing changed: no new revision either.
    expect(ndjson(r.stdout).at(-1)).toMatchObject({ created: 0, updated: 0, unchanged: 5, revision: 1 });
    expect((await client.request('GET', `/apis/apps/v1/namespaces/${ns}/deployments/web`)).metadata.resourceVersion).toBe(before);
    const d = await run(['diff']);
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/to create: 0, to update: 0, to prune: 0, unchanged: 5/);
  });

  it('diff shows a changed image as a unified diff and exits 1', async () => {
    writeStack('demo', ns, stack('nginx:1.28'), dist);
    const d = await run(['diff']);
    expect(d.code).toBe(1);
    expect(d.stdout).toContain('-          image: nginx:1.27');
    expect(d.stdout).toContain('+          image: nginx:1.28');
    expect(d.stdout).toMatch(/to update: 1, to prune: 0, unchanged: 4/);
  });

  it('apply the new image, then history and rollback restore the previous one', async () => {
    const r = await run(['apply']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Deployment ${ns}/web configured`);
    expect(await image()).toBe('nginx:1.28');

    const h = await run(['history', '--output', 'json']);
    const revs = ndjson(h.stdout)[0].revisions;
    expect(revs.map((x: any) => [x.revision, x.outcome])).toEqual([[1, 'succeeded'], [2, 'succeeded']]);

    const rb = await run(['rollback']);
    expect(rb.code).toBe(0);
    expect(rb.stdout).toContain('rolling back stack demo to revision 1');
    expect(await image()).toBe('nginx:1.27');
    const h2 = ndjson((await run(['history', '--output', 'json'])).stdout)[0].revisions;
    expect(h2.at(-1)).toMatchObject({ revision: 3, outcome: 'succeeded', note: 'rollback to 1' });
  });

  it('status reports every object Current', async () => {
    const r = await run(['status', '--output', 'json']);
    expect(r.code).toBe(0);
    const sum = ndjson(r.stdout).at(-1);
    expect(sum).toMatchObject({ type: 'summary', total: 5, current: 5, ok: true });
  });

  it('--history-max keeps only the newest revisions', async () => {
    writeStack('demo', ns, stack('nginx:1.27', 'x'), dist);
    expect((await run(['apply', '--history-max', '2', '--no-wait'])).code).toBe(0);
    const revs = ndjson((await run(['history', '--output', 'json'])).stdout)[0].revisions;
    expect(revs.map((x: any) => x.revision)).toEqual([3, 4]);
  });

  it('bad input fails before any API call with a clear message', async () => {
    const r = await kapstan(['apply', '--dir', '/nonexistent/dist', '--kubeconfig', c.kubeconfig]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--dir /nonexistent/dist: no such directory');
    const t = await run(['apply', '--timeout', 'soon']);
    expect(t.code).toBe(2);
    expect(t.stderr).toContain(`error: option '--timeout <duration>' argument 'soon' is invalid. invalid duration "soon"`);
    expect(t.stderr).toContain('usage: kapstan apply [options]');
  });
});
