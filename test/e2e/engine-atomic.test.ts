// apply --atomic: when the rollout fails, the previous good revision is applied again.
import { KubeClient } from '../../engine/client';
import { engineCluster, ClusterInfo } from './engine-cluster';
import { configMap, deployment, kapstan, namespace, ndjson, writeStack } from './engine-fixtures';
import { uniqueNs } from './engine-fixtures';

jest.setTimeout(240_000);

describe('engine: apply --atomic', () => {
  const clusterOf = engineCluster({ shared: true });
  let c: ClusterInfo;
  let client: KubeClient;
  const ns = uniqueNs('e2e-atomic');
  let dist: string;
  const run = (args: string[]) => kapstan([...args, '--dir', dist, '--kubeconfig', c.kubeconfig, '--yes']);
  const deploy = () => client.request('GET', `/apis/apps/v1/namespaces/${ns}/deployments/app`);

  beforeAll(async () => {
    c = clusterOf();
    client = await KubeClient.connect({ kubeconfig: c.kubeconfig });
    dist = writeStack('atomic', ns, [namespace(ns), configMap(ns, 'v1'), deployment(ns, 'app', 'nginx:1.27')]);
    expect((await run(['apply'])).code).toBe(0);
  });
  afterAll(() => client?.close());

  it('a rollout that cannot succeed (pods unschedulable) is rolled back to the last good revision', async () => {
    // v2 asks for a node nobody has, and adds a ConfigMap that the rollback must prune again.
    writeStack('atomic', ns, [namespace(ns), configMap(ns, 'v1'), configMap(ns, 'v2-only'),
      deployment(ns, 'app', 'nginx:1.28', { nodeSelector: { 'kapstan.dev/no-such-node': 'true' } })], dist);
    const r = await run(['apply', '--atomic', '--timeout', '60s', '--output', 'json']);
    expect(r.code).toBe(1);
    const sum = ndjson(r.stdout).at(-1);
    expect(sum).toMatchObject({ type: 'summary', outcome: 'rolled-back', rolledBackTo: 1, revision: 2 });
    const live = await deploy();
    expect(live.spec.template.spec.containers[0].image).toBe('nginx:1.27');
    expect(live.spec.template.spec.nodeSelector).toBeUndefined();
    expect(await client.request('GET', `/api/v1/namespaces/${ns}/configmaps/v2-only`, { allow: [404] })).toBeUndefined();
    const revs = ndjson((await run(['history', '--output', 'json'])).stdout)[0].revisions;
    expect(revs.map((x: any) => [x.revision, x.outcome])).toEqual([[1, 'succeeded'], [2, 'rolled-back'], [3, 'succeeded']]);
  });

  it('without --atomic the failed revision stays and the command exits non-zero', async () => {
    const r = await run(['apply', '--timeout', '30s']);
    expect(r.code).toBe(1);
    expect((await deploy()).spec.template.spec.containers[0].image).toBe('nginx:1.28');
    const revs = ndjson((await run(['history', '--output', 'json'])).stdout)[0].revisions;
    expect(revs.at(-1)).toMatchObject({ revision: 4, outcome: 'failed' });
  });
});
