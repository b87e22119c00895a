// Custom resources are tracked by the conditions their controller publishes. No controller runs
// on the dev cluster, so the test plays one: it writes the status subresource, and `kapstan status`
// and `kapstan apply` follow observedGeneration, Ready and Stalled.
import { kapstan, namespace, ndjson, uniqueNs, writeStack } from './engine-fixtures';
import { eventually, useCluster } from './harness';

jest.setTimeout(240_000);

// One CRD per test: a CRD belongs to the stack that applied it.
const crd = (group: string) => ({
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `databases.${group}` },
  spec: {
    group, scope: 'Namespaced', names: { kind: 'Database', plural: 'databases', singular: 'database' },
    versions: [{
      name: 'v1', served: true, storage: true, subresources: { status: {} },
      schema: { openAPIV3Schema: { type: 'object', properties: {
        spec: { type: 'object', properties: { size: { type: 'string' } } },
        status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      } } },
    }],
  },
});
const database = (group: string, ns: string, name: string) => ({ apiVersion: `${group}/v1`, kind: 'Database', metadata: { name, namespace: ns }, spec: { size: '10Gi' } });

describe('tracking custom resources by their conditions', () => {
  const cluster = useCluster({ shared: true });

  /** Plays the controller: once the object exists, writes its status for its current generation. */
  async function publish(group: string, ns: string, name: string, conditions: object[]): Promise<void> {
    const c = cluster();
    const live = await eventually(`database ${name} exists`, async () =>
      c.kubectlJson(['get', `databases.${group}`, name, '-n', ns]).catch(() => undefined));
    const status = { observedGeneration: live.metadata.generation, conditions: conditions.map((x) => ({ lastTransitionTime: new Date().toISOString(), observedGeneration: live.metadata.generation, ...x })) };
    await c.kubectl(['patch', `databases.${group}`, name, '-n', ns, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
  }

  /** `kapstan status` of the stack's Database, as NDJSON. */
  async function statusOfDatabase(dist: string): Promise<any> {
    const r = await kapstan(['status', '--dir', dist, '--kubeconfig', cluster().kubeconfig, '--output', 'json']);
    return ndjson(r.stdout).find((e) => e.type === 'status' && e.kind === 'Database');
  }

  it('follows Ready and the generation the controller observed, in status and while apply waits', async () => {
    const c = cluster();
    const group = 'ready.pulse.example.com';
    const ns = uniqueNs('e2e-cr-ready');
    const manifests = (size: string) => [namespace(ns), crd(group), { ...database(group, ns, 'orders'), spec: { size } }];
    const dist = writeStack('dbs', ns, manifests('10Gi'));
    expect((await kapstan(['apply', '--dir', dist, '--kubeconfig', c.kubeconfig, '--yes', '--no-wait'])).code).toBe(0);
    await publish(group, ns, 'orders', [{ type: 'Ready', status: 'False', reason: 'Provisioning', message: 'creating volume' }]);
    expect(await statusOfDatabase(dist)).toMatchObject({ status: 'InProgress', message: 'not ready: Provisioning: creating volume' });

    // A changed spec: the status describes generation 1 until the controller catches up.
    writeStack('dbs', ns, manifests('20Gi'), dist);
    const lag = 'waiting for the controller to observe generation 2';
    let seen = '';
    let sawLag!: () => void;
    const lagReported = new Promise<void>((resolve) => { sawLag = resolve; });
    const apply = kapstan(['apply', '--dir', dist, '--kubeconfig', c.kubeconfig, '--yes', '--output', 'json', '--timeout', '2m'], {}, (child) =>
      child.stdout!.on('data', (d) => { seen += d; if (seen.includes(lag)) sawLag(); }));
    // Play the controller only once the tracker has reported the lag.
    await Promise.race([lagReported, apply.then((r) => { throw new Error(`apply ended before reporting the lag: ${r.stdout}${r.stderr}`); })]);
    await publish(group, ns, 'orders', [{ type: 'Ready', status: 'True', reason: 'Provisioned', message: 'serving' }]);
    const r = await apply;
    expect(r.code).toBe(0);
    const states = ndjson(r.stdout).filter((e) => e.type === 'status' && e.kind === 'Database').map((e) => `${e.status}: ${e.message}`);
    expect(states[0]).toBe(`InProgress: ${lag}`);
    expect(states.at(-1)).toBe('Current: ready');
  });

  it('fails on Stalled=True with its reason', async () => {
    const c = cluster();
    const group = 'stalled.pulse.example.com';
    const ns = uniqueNs('e2e-cr-stalled');
    const dist = writeStack('dbs-stalled', ns, [namespace(ns), crd(group), database(group, ns, 'billing')]);
    expect((await kapstan(['apply', '--dir', dist, '--kubeconfig', c.kubeconfig, '--yes', '--no-wait'])).code).toBe(0);
    await publish(group, ns, 'billing', [{ type: 'Stalled', status: 'True', reason: 'StorageClassMissing', message: 'no storage class fast-ssd' }]);
    const expected = { status: 'Failed', reason: 'StorageClassMissing', message: 'stalled: StorageClassMissing: no storage class fast-ssd' };
    expect(await statusOfDatabase(dist)).toMatchObject(expected);
    const r = await kapstan(['apply', '--dir', dist, '--kubeconfig', c.kubeconfig, '--yes', '--output', 'json', '--timeout', '2m']);
    expect(r.code).toBe(1);
    const done = ndjson(r.stdout).find((e) => e.type === 'track-done');
    expect(done.objects.find((o: any) => o.kind === 'Database')).toMatchObject(expected);
  });
});
