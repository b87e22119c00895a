// History before the first apply, and of a stack too large for one Secret: the revision is split
// into parts, each under the 1 MiB object limit, and rollback reassembles it.
import { randomBytes } from 'node:crypto';
import { KubeClient } from '../../engine/client';
import { engineCluster, ClusterInfo } from './engine-cluster';
import { configMap, kapstan, namespace, ndjson, uniqueNs, writeStack } from './engine-fixtures';

jest.setTimeout(240_000);

describe('engine: history', () => {
  const clusterOf = engineCluster({ shared: true });
  let c: ClusterInfo;
  let client: KubeClient;
  const ns = uniqueNs('e2e-history');

  beforeAll(async () => {
    c = clusterOf();
    client = await KubeClient.connect({ kubeconfig: c.kubeconfig });
  });
  afterAll(() => client?.close());

  it('before the first apply: history says there is none, rollback has nothing to go back to', async () => {
    const fresh = uniqueNs('e2e-history-none');
    const dist = writeStack('none', fresh, [namespace(fresh), configMap(fresh, 'a')]);
    const h = await kapstan(['history', '--dir', dist, '--kubeconfig', c.kubeconfig]);
    expect(h.code).toBe(0);
    expect(h.stdout.trim()).toBe(`stack none has no revisions in namespace ${fresh}`);
    const rb = await kapstan(['rollback', '--dir', dist, '--kubeconfig', c.kubeconfig, '--yes']);
    expect(rb.code).toBe(2);
    expect(rb.stderr).toContain('stack none has no earlier successful revision to roll back to');
  });

  it('splits an incompressible revision into parts under 1 MiB and rolls back from it', async () => {
    // Three ConfigMaps of ~600 KB random text: ~1.8 MB that gzip cannot shrink much.
    const big = (i: number, v: string) => configMap(ns, `blob-${i}`, { blob: randomBytes(450_000).toString('base64'), version: v });
    const v1 = [namespace(ns), big(0, 'v1'), big(1, 'v1'), big(2, 'v1')];
    const dist = writeStack('big', ns, v1);
    const r1 = await kapstan(['apply', '--dir', dist, '--kubeconfig', c.kubeconfig, '--no-wait', '--output', 'json']);
    expect(r1.code).toBe(0);
    const secrets = await client.list(`/api/v1/namespaces/${ns}/secrets`, { labelSelector: 'kapstan.io/history' });
    expect(secrets.length).toBeGreaterThan(1);
    for (const s of secrets) expect(JSON.stringify(s).length).toBeLessThan(1024 * 1024);

    writeStack('big', ns, [namespace(ns), configMap(ns, 'small')], dist);
    expect((await kapstan(['apply', '--dir', dist, '--kubeconfig', c.kubeconfig, '--no-wait', '--prune', '--yes'])).code).toBe(0);
    expect(await client.request('GET', `/api/v1/namespaces/${ns}/configmaps/blob-0`, { allow: [404] })).toBeUndefined();

    const rb = await kapstan(['rollback', '1', '--dir', dist, '--kubeconfig', c.kubeconfig, '--yes', '--output', 'json']);
    expect(rb.code).toBe(0);
    expect(ndjson(rb.stdout).at(-1)).toMatchObject({ command: 'rollback', created: 3, pruned: 1, outcome: 'succeeded' });
    const restored = await client.request('GET', `/api/v1/namespaces/${ns}/configmaps/blob-2`);
    expect(restored.data.blob).toBe((v1[3] as any).data.blob);
  });
});
