// One writer per stack: a Lease in the stack namespace. A second run fails at once naming the holder
// or waits with --wait-for-lock; a crashed run's expired Lease is taken over; concurrent applies
// that wait never share or overwrite a revision.
import { KubeClient } from '../../engine/client';
import { lockName } from '../../engine/lock';
import { engineCluster, ClusterInfo } from './engine-cluster';
import { configMap, deployment, kapstan, ndjson, uniqueNs, writeStack } from './engine-fixtures';
import { eventually } from './harness';

jest.setTimeout(300_000);

const microTime = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().replace(/Z$/, '000Z');

describe('engine: the stack lock', () => {
  const clusterOf = engineCluster({ shared: true });
  let c: ClusterInfo;
  let client: KubeClient;
  const ns = uniqueNs('e2e-lock');
  const stack = 'locked';
  let dist: string;
  const run = (args: string[], onSpawn?: Parameters<typeof kapstan>[2]) => kapstan([...args, '--dir', dist, '--kubeconfig', c.kubeconfig], {}, onSpawn);
  const leasePath = `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/${lockName(stack)}`;
  const holdLease = (renewedMsAgo: number) => client.request('POST', `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`, {
    body: {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: { name: lockName(stack), namespace: ns, annotations: { 'kapstan.io/command': 'apply' } },
      spec: { holderIdentity: 'ci@build-7 pid 42', leaseDurationSeconds: 30, acquireTime: microTime(renewedMsAgo), renewTime: microTime(renewedMsAgo) },
    },
  });
  const cmPath = (name: string) => `/api/v1/namespaces/${ns}/configmaps/${name}`;

  beforeAll(async () => {
    c = clusterOf();
    client = await KubeClient.connect({ kubeconfig: c.kubeconfig });
    await client.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
    dist = writeStack(stack, ns, [configMap(ns, 'one')]);
  });
  afterAll(() => client?.close());

  it('a held lock stops apply, rollback and destroy at once, naming the holder', async () => {
    await holdLease(0);
    const r = await run(['apply', '--no-wait']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`stack ${stack} is locked by ci@build-7 pid 42 running "apply" since`);
    expect(r.stderr).toContain(`(Lease ${ns}/${lockName(stack)})`);
    expect(r.stderr).toContain('--wait-for-lock');
    expect(await client.request('GET', cmPath('one'), { allow: [404] })).toBeUndefined();
    for (const cmd of [['rollback', '--yes'], ['destroy', '--yes']]) {
      const x = await run(cmd);
      expect(x.code).toBe(1);
      expect(x.stderr).toContain('is locked by ci@build-7 pid 42');
    }
    // Reading commands do not need the lock.
    expect((await run(['diff'])).code).toBe(1);
  });

  it('--wait-for-lock waits for the holder to finish', async () => {
    let said = '';
    const p = run(['apply', '--no-wait', '--wait-for-lock'], (child) => child.stderr!.on('data', (d) => { said += d; }));
    for (let i = 0; i < 300 && !said.includes('waiting for the lock'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(said).toContain(`waiting for the lock of stack ${stack}: held by ci@build-7 pid 42`);
    expect(await client.request('GET', cmPath('one'), { allow: [404] })).toBeUndefined();
    await client.request('DELETE', leasePath);
    const r = await p;
    expect(r.code).toBe(0);
    expect(await client.request('GET', cmPath('one'), { allow: [404] })).toBeDefined();
    // Released at the end of the run.
    expect(await client.request('GET', leasePath, { allow: [404] })).toBeUndefined();
  });

  it("a crashed run's lock expires and is taken over", async () => {
    await holdLease(5 * 60_000);
    dist = writeStack(stack, ns, [configMap(ns, 'one'), configMap(ns, 'two')], dist);
    const r = await run(['apply', '--no-wait']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(await client.request('GET', cmPath('two'), { allow: [404] })).toBeDefined();
    expect(await client.request('GET', leasePath, { allow: [404] })).toBeUndefined();
  });

  it('concurrent applies that wait run one after the other, each with its own revision', async () => {
    const distA = writeStack(stack, ns, [configMap(ns, 'one', { v: 'a' }), configMap(ns, 'two')]);
    const distB = writeStack(stack, ns, [configMap(ns, 'one', { v: 'b' }), configMap(ns, 'two')]);
    const go = (d: string) => kapstan(['apply', '--no-wait', '--wait-for-lock', '--output', 'json', '--dir', d, '--kubeconfig', c.kubeconfig]);
    const [a, b] = await Promise.all([go(distA), go(distB)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const revs = [ndjson(a.stdout).at(-1).revision, ndjson(b.stdout).at(-1).revision].sort();
    expect(revs).toEqual([3, 4]);
    const h = await run(['history', '--output', 'json']);
    expect(ndjson(h.stdout)[0].revisions.map((r: any) => r.revision)).toEqual([1, 2, 3, 4]);
  });

  it('a run renews its lock while it tracks, and a second run is refused meanwhile', async () => {
    const slow: any = deployment(ns, 'slow');
    slow.spec.template.metadata.annotations = { 'kapstan.dev/ready-delay': '25s' };
    dist = writeStack(stack, ns, [configMap(ns, 'one', { v: 'c' }), configMap(ns, 'two'), slow], dist);
    const first = run(['apply']);
    const renewed = await eventually('the lock was renewed', async () => {
      const lease = await client.request('GET', leasePath, { allow: [404] });
      return lease && Date.parse(lease.spec.renewTime) > Date.parse(lease.spec.acquireTime) ? lease : undefined;
    });
    const second = await run(['apply', '--no-wait']);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`is locked by ${renewed.spec.holderIdentity} running "apply"`);
    const r = await first;
    expect(r.code).toBe(0);
    expect(await client.request('GET', leasePath, { allow: [404] })).toBeUndefined();
  });

  it("a revision name another run already wrote is skipped, never overwritten", async () => {
    // What a run that died between writing its revision and labelling it would leave.
    const taken = `kapstan-history-${stack}-v6`;
    await client.request('POST', `/api/v1/namespaces/${ns}/secrets`, { body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: taken, annotations: { 'kapstan.io/run': 'another-run' } }, data: { payload: 'b3RoZXI=' } } });
    dist = writeStack(stack, ns, [configMap(ns, 'one', { v: 'd' }), configMap(ns, 'two')], dist);
    const r = await run(['apply', '--no-wait', '--output', 'json']);
    expect(r.code).toBe(0);
    expect(ndjson(r.stdout).at(-1).revision).toBe(7);
    const other = await client.request('GET', `/api/v1/namespaces/${ns}/secrets/${taken}`);
    expect(other.data.payload).toBe('b3RoZXI=');
    expect(other.metadata.annotations['kapstan.io/run']).toBe('another-run');
  });
});
