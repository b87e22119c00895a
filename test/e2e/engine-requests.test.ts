// What a run costs the API server, counted twice: by the engine (the `requests` of every summary)
// and by kube-apiserver itself (apiserver_request_total on /metrics, read before and after). On a
// cluster of its own, so no other test's requests mix into the server's counts.
//  - tracking lists and watches each kind once per namespace, never once per object;
//  - a no-op apply with tracking sends the same requests as one without: the objects it left alone
//    were read by the no-op check already, so nothing is listed or watched a second time;
//  - status and diff read one list per kind and namespace.
import { bigStack, configMap, kapstan, ndjson, writeStack } from './engine-fixtures';
import { eventually, useCluster } from './harness';

jest.setTimeout(300_000);

const N = 401; // the namespace, and 100 each of ConfigMaps, Services, ServiceAccounts and Deployments (0 replicas)
const KINDS = ['configmaps', 'services', 'serviceaccounts', 'deployments.apps'];

/** apiserver_request_total summed by `VERB resource[.group]`. */
async function serverCounts(c: ReturnType<ReturnType<typeof useCluster>>): Promise<Map<string, number>> {
  const text = await c.kubectl(['get', '--raw', '/metrics']);
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('apiserver_request_total{')) continue;
    const labels = Object.fromEntries([...line.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (labels['subresource']) continue;
    const key = `${labels['verb']} ${labels['resource']}${labels['group'] ? `.${labels['group']}` : ''}`;
    out.set(key, (out.get(key) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return out;
}

const delta = (before: Map<string, number>, after: Map<string, number>, key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);

describe('engine: requests sent', () => {
  const cluster = useCluster({ nodes: 1, gpuNodes: 0 });
  const ns = 'e2e-requests';
  let dist: string;
  const run = async (args: string[], codes = [0]) => {
    const r = await kapstan([...args, '--dir', dist, '--kubeconfig', cluster().kubeconfig, '--output', 'json']);
    if (!codes.includes(r.code)) throw new Error(`kapstan ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return ndjson(r.stdout).at(-1);
  };

  beforeAll(() => {
    dist = writeStack('requests', ns, bigStack(ns, N));
  });

  it('a cold apply with tracking lists and watches each kind once per namespace, never per object', async () => {
    const before = await serverCounts(cluster());
    const sum = await run(['apply']);
    expect(sum).toMatchObject({ created: N, verified: true });
    const ours = sum.requests.byResource;
    for (const kind of KINDS) {
      // A few lists per kind (the no-op check, the ownership checks, the tracker), 100 objects each;
      // one watch; no object read on its own (the ConfigMap read is the cluster autoscaler's status).
      expect(ours[`LIST ${kind}`]).toBeLessThanOrEqual(5);
      expect(ours[`WATCH ${kind}`]).toBe(1);
      expect(ours[`GET ${kind}`] ?? 0).toBe(kind === 'configmaps' ? 1 : 0);
    }
    // Writes are the only per-object requests: everything else is per kind and namespace (about a
    // dozen per kind here, whatever the number of objects).
    expect(sum.requests.byVerb.APPLY).toBe(N + 1); // the objects (namespace included) and the ApplySet parent
    expect(sum.requests.total - sum.requests.byVerb.APPLY).toBeLessThan(N / 5);
    // The server agrees: each of its watch requests ends when the tracker stops, then it counts them.
    await eventually('the API server counted one watch per kind', async () => {
      const after = await serverCounts(cluster());
      return KINDS.every((k) => delta(before, after, `WATCH ${k}`) === 1) ? after : undefined;
    });
    const after = await serverCounts(cluster());
    for (const k of KINDS) expect(delta(before, after, `LIST ${k}`)).toBe(ours[`LIST ${k}`]);
  });

  it('a no-op apply with tracking sends what one without tracking sends: nothing listed or watched twice', async () => {
    // Let the Deployments' controller finish, so every object is Current as the no-op check reads it.
    await eventually('the Deployments are rolled out', async () => {
      const st = await run(['status'], [0, 1]);
      return st.ok;
    });
    const noWait = await run(['apply', '--no-wait']);
    expect(noWait).toMatchObject({ unchanged: N, verified: false });
    const before = await serverCounts(cluster());
    const tracked = await run(['apply']);
    const after = await serverCounts(cluster());
    expect(tracked).toMatchObject({ unchanged: N, verified: true, outcome: 'succeeded' });
    // Verifying the revision --no-wait left unverified is the one extra write.
    const { ['PATCH secrets']: _verified, ...trackedRest } = tracked.requests.byResource;
    expect(trackedRest).toEqual(noWait.requests.byResource);
    expect(tracked.requests.byVerb.WATCH).toBeUndefined();
    for (const k of KINDS) {
      expect(tracked.requests.byResource[`LIST ${k}`]).toBe(1);
      expect(delta(before, after, `LIST ${k}`)).toBe(1);
      expect(delta(before, after, `WATCH ${k}`)).toBe(0);
    }
    // Pods, ReplicaSets and events explain rollouts in progress; none is.
    for (const k of ['pods', 'replicasets.apps', 'events']) {
      expect(delta(before, after, `LIST ${k}`)).toBe(0);
      expect(delta(before, after, `WATCH ${k}`)).toBe(0);
    }
  });

  it('status and diff read one list per kind and namespace', async () => {
    const before = await serverCounts(cluster());
    const st = await run(['status']);
    const after = await serverCounts(cluster());
    expect(st).toMatchObject({ total: N, current: N });
    for (const k of KINDS) {
      expect(st.requests.byResource[`LIST ${k}`]).toBe(1);
      // Whether a cluster autoscaler runs is one ConfigMap read; no object is read on its own.
      expect(st.requests.byResource[`GET ${k}`] ?? 0).toBe(k === 'configmaps' ? 1 : 0);
      expect(delta(before, after, `LIST ${k}`)).toBe(1);
      expect(delta(before, after, `GET ${k}`)).toBe(k === 'configmaps' ? 1 : 0);
    }

    // 10 ConfigMaps changed: 10 dry-run writes, everything else from the one list per kind.
    const objs = bigStack(ns, N);
    for (let i = 0; i < 10; i++) {
      const idx = objs.findIndex((o) => o.kind === 'ConfigMap' && o.metadata.name === `cm-${i}`);
      objs[idx] = configMap(ns, `cm-${i}`, { index: String(i), variant: 'changed' });
    }
    writeStack('requests', ns, objs, dist);
    const diff = await run(['diff'], [1]);
    expect(diff).toMatchObject({ toUpdate: 10, unchanged: N - 10 });
    expect(diff.requests.byVerb.WATCH).toBeUndefined();
    expect(diff.requests.byVerb.APPLY).toBe(10);
    for (const k of KINDS) expect(diff.requests.byResource[`LIST ${k}`]).toBe(1);
    expect(diff.requests.total).toBeLessThan(40);
  });
});
