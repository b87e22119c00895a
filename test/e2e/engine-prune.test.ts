// Prune deletes only members that left the set: never a foreign object with the same labels,
// never a PVC (without --prune-protected), never when the set is empty (without --allow-empty).
import { KubeClient } from '../../engine/client';
import { engineCluster, ClusterInfo } from './engine-cluster';
import { configMap, kapstan, namespace, ndjson, pvc, writeStack } from './engine-fixtures';
import { uniqueNs } from './engine-fixtures';

jest.setTimeout(240_000);

describe('engine: prune and destroy', () => {
  const clusterOf = engineCluster({ shared: true });
  let c: ClusterInfo;
  let client: KubeClient;
  const ns = uniqueNs('e2e-prune');
  let dist: string;
  const run = (args: string[]) => kapstan([...args, '--dir', dist, '--kubeconfig', c.kubeconfig, '--no-wait'].filter((a) => a !== '--no-wait' || args[0] === 'apply'));
  const get = (path: string) => client.request('GET', path, { allow: [404] });

  beforeAll(async () => {
    c = clusterOf();
    client = await KubeClient.connect({ kubeconfig: c.kubeconfig });
    dist = writeStack('pruner', ns, [namespace(ns), configMap(ns, 'keep-me'), configMap(ns, 'drop-me'), pvc(ns, 'data')]);
    expect((await run(['apply'])).code).toBe(0);
    // A foreign object carrying exactly the same app labels, but not a member of the set.
    await client.request('POST', `/api/v1/namespaces/${ns}/configmaps`, { body: configMap(ns, 'foreign') });
  });
  afterAll(() => client?.close());

  it('outside a terminal, prune needs --yes and deletes nothing without it', async () => {
    writeStack('pruner', ns, [namespace(ns), configMap(ns, 'keep-me')], dist);
    const r = await run(['apply', '--prune']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('rerun with --yes');
    expect(await get(`/api/v1/namespaces/${ns}/configmaps/drop-me`)).toBeDefined();
  });

  it('removes the dropped member, keeps the foreign object and the PVC', async () => {
    const r = await run(['apply', '--prune', '--yes', '--output', 'json']);
    expect(r.code).toBe(0);
    const sum = ndjson(r.stdout).at(-1);
    expect(sum).toMatchObject({ pruned: 1, kept: 1, unchanged: 2 });
    expect(await get(`/api/v1/namespaces/${ns}/configmaps/drop-me`)).toBeUndefined();
    expect(await get(`/api/v1/namespaces/${ns}/configmaps/foreign`)).toBeDefined();
    expect(await get(`/api/v1/namespaces/${ns}/configmaps/keep-me`)).toBeDefined();
    expect(await get(`/api/v1/namespaces/${ns}/persistentvolumeclaims/data`)).toBeDefined();
    expect(ndjson(r.stdout).find((e) => e.type === 'prune' && e.action === 'kept')).toMatchObject({ kind: 'PersistentVolumeClaim', name: 'data' });
  });

  it('diff --prune reports the remaining protected member as kept, not as a difference', async () => {
    const d = await run(['diff', '--prune']);
    expect(d.code).toBe(0);
    expect(d.stdout).toContain(`PersistentVolumeClaim ${ns}/data is no longer in the stack (protected: kept)`);
  });

  it('--prune-protected deletes the PVC', async () => {
    const r = await run(['apply', '--prune', '--prune-protected', '--yes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`PersistentVolumeClaim ${ns}/data pruned`);
    for (let i = 0; i < 50; i++) {
      const p = await get(`/api/v1/namespaces/${ns}/persistentvolumeclaims/data`);
      if (!p || p.metadata.deletionTimestamp) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    const p = await get(`/api/v1/namespaces/${ns}/persistentvolumeclaims/data`);
    expect(!p || !!p.metadata.deletionTimestamp).toBe(true);
  });

  it('refuses to prune everything when the stack is empty, unless --allow-empty', async () => {
    writeStack('pruner', ns, [], dist);
    const r = await run(['apply', '--prune', '--yes', '-n', ns]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--allow-empty');
    expect(await get(`/api/v1/namespaces/${ns}/configmaps/keep-me`)).toBeDefined();
  });

  it('destroy deletes members in reverse order, keeps the namespace (protected) and foreign objects', async () => {
    writeStack('pruner', ns, [namespace(ns), configMap(ns, 'keep-me')], dist);
    const r = await run(['destroy', '--yes', '--output', 'json']);
    expect(r.code).toBe(0);
    const sum = ndjson(r.stdout).at(-1);
    expect(sum).toMatchObject({ command: 'destroy', deleted: 1, kept: 1 });
    expect(await get(`/api/v1/namespaces/${ns}/configmaps/keep-me`)).toBeUndefined();
    expect(await get(`/api/v1/namespaces/${ns}/configmaps/foreign`)).toBeDefined();
    expect(await get(`/api/v1/namespaces/${ns}`)).toBeDefined();
  });
});
