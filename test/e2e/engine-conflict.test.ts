// Another field manager owns a field: apply fails naming the field and the manager;
// --force-conflicts takes ownership. An immutable change is explained; --replace recreates.
import { KubeClient } from '../../engine/client';
import { engineCluster, ClusterInfo } from './engine-cluster';
import { configMap, deployment, kapstan, namespace, writeStack } from './engine-fixtures';
import { uniqueNs } from './engine-fixtures';

jest.setTimeout(240_000);

describe('engine: conflicts and immutable fields', () => {
  const clusterOf = engineCluster({ shared: true });
  let c: ClusterInfo;
  let client: KubeClient;
  const ns = uniqueNs('e2e-conflict');
  let dist: string;
  const run = (args: string[]) => kapstan([...args, '--dir', dist, '--kubeconfig', c.kubeconfig]);
  const path = `/apis/apps/v1/namespaces/${ns}/deployments/api`;

  beforeAll(async () => {
    c = clusterOf();
    client = await KubeClient.connect({ kubeconfig: c.kubeconfig });
    dist = writeStack('conflict', ns, [namespace(ns), configMap(ns, 'c'), deployment(ns, 'api', 'nginx:1.27', { replicas: 1 })]);
    expect((await run(['apply', '--no-wait'])).code).toBe(0);
    // Another tool takes the replicas field over with its own server-side apply.
    await client.request('PATCH', path, {
      contentType: 'application/apply-patch+yaml', query: { fieldManager: 'autoscaler-bot', force: true },
      body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: ns }, spec: { replicas: 3 } },
    });
  });
  afterAll(() => client?.close());

  it('a changed owned field is detected as a difference', async () => {
    writeStack('conflict', ns, [namespace(ns), configMap(ns, 'c'), deployment(ns, 'api', 'nginx:1.27', { replicas: 2 })], dist);
    const d = await run(['diff']);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain('.spec.replicas');
  });

  it('apply fails naming the field and the other manager', async () => {
    const r = await run(['apply', '--no-wait']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Deployment ${ns}/api`);
    expect(r.stderr).toContain('.spec.replicas (owned by field manager "autoscaler-bot")');
    expect(r.stderr).toContain('--force-conflicts');
    expect((await client.request('GET', path)).spec.replicas).toBe(3);
  });

  it('--force-conflicts takes ownership', async () => {
    const r = await run(['apply', '--force-conflicts', '--no-wait']);
    expect(r.code).toBe(0);
    const live = await client.request('GET', path);
    expect(live.spec.replicas).toBe(2);
    const owners = live.metadata.managedFields.filter((m: any) => !m.subresource && JSON.stringify(m.fieldsV1 ?? {}).includes('"f:replicas"')).map((m: any) => m.manager);
    expect(owners).toEqual(['kapstan']);
  });

  it('an immutable selector change is explained, and --replace recreates the object', async () => {
    const changed: any = deployment(ns, 'api', 'nginx:1.27', { replicas: 2 });
    changed.spec.selector.matchLabels.tier = 'x';
    changed.spec.template.metadata.labels.tier = 'x';
    writeStack('conflict', ns, [namespace(ns), configMap(ns, 'c'), changed], dist);
    const r = await run(['apply', '--no-wait']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`Deployment ${ns}/api .*cannot be changed in place`));
    expect(r.stderr).toContain('--replace');
    const uid = (await client.request('GET', path)).metadata.uid;
    const r2 = await run(['apply', '--replace', '--no-wait']);
    expect(r2.code).toBe(0);
    expect(r2.stdout).toContain(`Deployment ${ns}/api replaced`);
    const live = await client.request('GET', path);
    expect(live.metadata.uid).not.toBe(uid);
    expect(live.spec.selector.matchLabels.tier).toBe('x');
  });
});
