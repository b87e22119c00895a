// Stack names that share their first 40+ characters get their own ApplySet and history (names are
// never cut), and a set Kapstan 0.1 recorded under the cut name is taken over: declared members
// move to the new set, undeclared ones stay (they may be the other stack's), and only this stack's
// revisions are copied.
import { applySetId, legacyParentName, legacyStackSlug, LABEL_PART_OF, parentName } from '../../engine/applyset';
import { KubeClient } from '../../engine/client';
import { encodePayload } from '../../engine/history';
import { engineCluster, ClusterInfo } from './engine-cluster';
import { configMap, kapstan, ndjson, uniqueNs, writeStack } from './engine-fixtures';

jest.setTimeout(300_000);

const BLUE = 'payments-service-production-eu-west-1-cluster-blue';
const GREEN = 'payments-service-production-eu-west-1-cluster-green';

describe('engine: stack identity', () => {
  const clusterOf = engineCluster({ shared: true });
  let c: ClusterInfo;
  let client: KubeClient;
  const cli = (dist: string, args: string[]) => kapstan([...args, '--dir', dist, '--kubeconfig', c.kubeconfig]);
  const get = (path: string) => client.request('GET', path, { allow: [404] });

  beforeAll(async () => {
    c = clusterOf();
    client = await KubeClient.connect({ kubeconfig: c.kubeconfig });
  });
  afterAll(() => client?.close());

  it('blue and green in one namespace never prune, list or roll back each other', async () => {
    const ns = uniqueNs('e2e-ident');
    const blue1 = writeStack(BLUE, ns, [configMap(ns, 'blue', { v: '1' })]);
    const green = writeStack(GREEN, ns, [configMap(ns, 'green')]);
    expect((await cli(blue1, ['apply', '--no-wait'])).code).toBe(0);
    expect((await cli(green, ['apply', '--no-wait'])).code).toBe(0);
    const blue2 = writeStack(BLUE, ns, [configMap(ns, 'blue', { v: '2' }), configMap(ns, 'blue-extra')]);
    const r = await cli(blue2, ['apply', '--no-wait', '--prune', '--yes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('pruned 0');
    expect(await get(`/api/v1/namespaces/${ns}/configmaps/green`)).toBeDefined();
    expect(parentName(BLUE)).not.toBe(parentName(GREEN));

    const revs = async (dist: string) => ndjson((await cli(dist, ['history', '--output', 'json'])).stdout)[0].revisions.map((x: any) => x.revision);
    expect(await revs(blue2)).toEqual([1, 2]);
    expect(await revs(green)).toEqual([1]);
    const back = await cli(blue2, ['rollback', '1', '--yes']);
    expect(back.code).toBe(0);
    expect((await get(`/api/v1/namespaces/${ns}/configmaps/blue`)).data).toEqual({ v: '1' });
    expect(await get(`/api/v1/namespaces/${ns}/configmaps/blue-extra`)).toBeUndefined();
    expect(await get(`/api/v1/namespaces/${ns}/configmaps/green`)).toBeDefined();
    expect(await revs(green)).toEqual([1]);
  });

  it('a set recorded under the shortened name by Kapstan 0.1 is migrated', async () => {
    const ns = uniqueNs('e2e-legacy');
    await client.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
    // What 0.1 left behind: one parent and one history label shared by blue and green.
    const legacyName = legacyParentName(BLUE);
    const legacyId = applySetId(legacyName, ns);
    await client.request('POST', `/api/v1/namespaces/${ns}/secrets`, { body: {
      apiVersion: 'v1', kind: 'Secret', type: 'kapstan.io/applyset',
      metadata: { name: legacyName, labels: { 'applyset.kubernetes.io/id': legacyId },
        annotations: { 'applyset.kubernetes.io/tooling': 'kapstan/v0.1.0', 'applyset.kubernetes.io/contains-group-kinds': 'ConfigMap', 'applyset.kubernetes.io/additional-namespaces': '' } },
    } });
    for (const name of ['kept', 'green-owned']) {
      const cm: any = configMap(ns, name);
      cm.metadata.labels[LABEL_PART_OF] = legacyId;
      await client.request('PATCH', `/api/v1/namespaces/${ns}/configmaps/${name}`, { body: cm, contentType: 'application/apply-patch+yaml', query: { fieldManager: 'kapstan' } });
    }
    const slug = legacyStackSlug(BLUE);
    const revision = async (n: number, stack: string) => client.request('POST', `/api/v1/namespaces/${ns}/secrets`, { body: {
      apiVersion: 'v1', kind: 'Secret', type: 'kapstan.io/revision',
      metadata: { name: `kapstan-history-${slug}-v${n}`, labels: { 'kapstan.io/history': slug, 'kapstan.io/revision': String(n) },
        annotations: { 'kapstan.io/time': '2026-11-01T10:00:00.000Z', 'kapstan.io/outcome': 'succeeded', 'kapstan.io/version': '0.1.0', 'kapstan.io/objects': '1', 'kapstan.io/parts': '1', 'kapstan.io/note': '' } },
      data: { payload: encodePayload({ stack, namespace: ns, objects: [{ manifest: configMap(ns, 'kept'), group: 'config', path: `${stack}/ConfigMap/kept` }] })[0].toString('base64') },
    } });
    await revision(1, BLUE);
    await revision(2, GREEN);

    const dist = writeStack(BLUE, ns, [configMap(ns, 'kept', { v: 'new' }), configMap(ns, 'added')]);
    const r = await cli(dist, ['apply', '--no-wait', '--prune', '--yes']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`ConfigMap ${ns}/green-owned stays in the set ${legacyName}`);
    const newId = applySetId(parentName(BLUE), ns);
    expect((await get(`/api/v1/namespaces/${ns}/configmaps/kept`)).metadata.labels[LABEL_PART_OF]).toBe(newId);
    expect((await get(`/api/v1/namespaces/${ns}/configmaps/green-owned`)).metadata.labels[LABEL_PART_OF]).toBe(legacyId);
    const h = ndjson((await cli(dist, ['history', '--output', 'json'])).stdout)[0].revisions;
    // --no-wait: applied, not verified.
    expect(h.map((x: any) => `${x.revision} ${x.outcome} ${x.version}`)).toEqual(['1 succeeded 0.1.0', `2 applied ${h[1].version}`]);
  });
});
