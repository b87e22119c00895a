// Deleting a Namespace or a CRD deletes what is inside: before doing it (destroy or prune with
// --prune-protected) the engine lists that content and, when any of it is not a member of the
// stack (another stack's ConfigMap, a kubectl-made one, a custom resource made by hand), stops
// with exit 1 and deletes nothing, unless --cascade-foreign says to go ahead.
import { parentName } from '../../engine/applyset';
import { KubeClient } from '../../engine/client';
import { engineCluster, ClusterInfo } from './engine-cluster';
import { configMap, kapstan, namespace, uniqueNs, writeStack } from './engine-fixtures';
import { useCluster } from './harness';

jest.setTimeout(300_000);

describe('engine: cascades are shown and refused', () => {
  const clusterOf = engineCluster({ shared: true });
  const kube = useCluster({ shared: true });
  let c: ClusterInfo;
  let client: KubeClient;
  const ns = uniqueNs('e2e-cascade');
  const nsB = uniqueNs('e2e-cascade-b');
  const group = `${ns}.kapstan.test`;
  const crdName = `widgets.${group}`;
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: crdName },
    spec: {
      group, scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }],
    },
  };
  const widget = (name: string) => ({ apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name, namespace: ns }, spec: { size: 1 } });
  let distA: string;
  const runA = (args: string[]) => kapstan([...args, '--dir', distA, '--kubeconfig', c.kubeconfig]);
  const get = (path: string) => client.request('GET', path, { allow: [404] });

  beforeAll(async () => {
    c = clusterOf();
    client = await KubeClient.connect({ kubeconfig: c.kubeconfig });
    distA = writeStack('cascade-a', ns, [namespace(ns), crd, configMap(ns, 'a-config'), widget('member-widget')]);
    const a = await runA(['apply', '--no-wait']);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    // Another stack keeps a ConfigMap in A's namespace; kubectl adds one and a Widget by hand.
    const b = await kapstan(['apply', '--no-wait', '--dir', writeStack('cascade-b', nsB, [namespace(nsB), configMap(ns, 'b-config')]), '--kubeconfig', c.kubeconfig]);
    expect(b.code).toBe(0);
    await kube().kubectl(['create', 'configmap', 'by-hand', '-n', ns, '--from-literal=k=v']);
    await kube().apply(widget('hand-made'));
  });
  afterAll(() => client?.close());

  it('prune of a CRD that custom resources made by hand still use is refused', async () => {
    distA = writeStack('cascade-a', ns, [namespace(ns), configMap(ns, 'a-config')], distA);
    const r = await runA(['apply', '--no-wait', '--prune', '--prune-protected', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`CustomResourceDefinition ${crdName}: deleting it would also delete 1 object(s) that are not members of stack cascade-a (and 1 member(s)): Widget ${ns}/hand-made (kubectl (field manager "kubectl-client-side-apply"))`);
    expect(r.stderr).toContain('--cascade-foreign');
    expect(await get(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crdName}`)).toBeDefined();
    expect(await get(`/apis/${group}/v1/namespaces/${ns}/widgets/hand-made`)).toBeDefined();
  });

  it('--cascade-foreign lets the prune delete the CRD and what it held', async () => {
    const r = await runA(['apply', '--no-wait', '--prune', '--prune-protected', '--cascade-foreign', '--yes']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Widget ${ns}/hand-made`);
    expect(r.stdout).toContain(`CustomResourceDefinition ${crdName} pruned`);
    // Re-declared for the namespace tests below.
    distA = writeStack('cascade-a', ns, [namespace(ns), crd, configMap(ns, 'a-config'), widget('member-widget')], distA);
    expect((await runA(['apply', '--no-wait'])).code).toBe(0);
    await kube().apply(widget('hand-made'));
  });

  it('destroy of a namespace holding objects of others is refused, naming them and their owners', async () => {
    const r = await runA(['destroy', '--prune-protected', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Namespace ${ns}: deleting it would also delete`);
    expect(r.stderr).toContain(`ConfigMap ${ns}/b-config (stack "cascade-b" (ApplySet parent Secret ${nsB}/${parentName('cascade-b')}))`);
    expect(r.stderr).toContain(`ConfigMap ${ns}/by-hand (kubectl (field manager "kubectl-create"))`);
    expect(r.stderr).toContain(`Widget ${ns}/hand-made`);
    expect(r.stderr).not.toContain('a-config (');
    expect(r.stdout).not.toMatch(/ deleted$/m);
    for (const name of ['a-config', 'b-config', 'by-hand']) expect(await get(`/api/v1/namespaces/${ns}/configmaps/${name}`)).toBeDefined();
  });

  it('without --prune-protected nothing protected is deleted, so nothing is refused', async () => {
    const r = await runA(['destroy', '--yes', '--output', 'json']);
    expect(r.code).toBe(0);
    expect(await get(`/api/v1/namespaces/${ns}/configmaps/a-config`)).toBeUndefined();
    expect(await get(`/api/v1/namespaces/${ns}/configmaps/b-config`)).toBeDefined();
  });

  it('--cascade-foreign deletes them with it, after listing them', async () => {
    const r = await runA(['destroy', '--prune-protected', '--cascade-foreign', '--yes']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`ConfigMap ${ns}/b-config`);
    expect(await get(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crdName}`)).toBeUndefined();
    const live = await get(`/api/v1/namespaces/${ns}`);
    expect(live === undefined || !!live.metadata.deletionTimestamp).toBe(true);
  });
});
