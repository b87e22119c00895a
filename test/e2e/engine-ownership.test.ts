// Two teams' stacks side by side: a stack never silently takes over what another stack, kubectl or a
// Helm release created. apply names the owner and writes nothing; --adopt takes over explicitly
// (a Helm release's Deployment without restarting its pods); destroy never deletes what moved away.
import { applySetId, LABEL_PART_OF, parentName } from '../../engine/applyset';
import { KubeClient } from '../../engine/client';
import { engineCluster, ClusterInfo } from './engine-cluster';
import { configMap, deployment, kapstan, namespace, ndjson, uniqueNs, writeStack } from './engine-fixtures';
import { useCluster } from './harness';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

jest.setTimeout(300_000);

const clusterRole = (name: string) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole',
  metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'kapstan' } },
  rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }],
});

describe('engine: ownership between stacks, kubectl and Helm', () => {
  const clusterOf = engineCluster({ shared: true });
  const kube = useCluster({ shared: true });
  let c: ClusterInfo;
  let client: KubeClient;
  const nsA = uniqueNs('e2e-own-a');
  const nsB = uniqueNs('e2e-own-b');
  const stackA = `team-a-${nsA}`;
  const stackB = `team-b-${nsB}`;
  const role = `${nsA}-reader`;
  const idA = applySetId(parentName(stackA), nsA);
  const idB = applySetId(parentName(stackB), nsB);
  let distA: string;
  let distB: string;
  const runA = (args: string[]) => kapstan([...args, '--dir', distA, '--kubeconfig', c.kubeconfig]);
  const runB = (args: string[]) => kapstan([...args, '--dir', distB, '--kubeconfig', c.kubeconfig]);
  const get = (path: string) => client.request('GET', path, { allow: [404] });
  const partOf = async (path: string) => (await get(path))?.metadata?.labels?.[LABEL_PART_OF];
  const rolePath = `/apis/rbac.authorization.k8s.io/v1/clusterroles/${role}`;
  const sharedCmPath = `/api/v1/namespaces/${nsA}/configmaps/shared`;

  beforeAll(async () => {
    c = clusterOf();
    client = await KubeClient.connect({ kubeconfig: c.kubeconfig });
    distA = writeStack(stackA, nsA, [namespace(nsA), configMap(nsA, 'shared', { owner: 'a' }), configMap(nsA, 'a-only'), clusterRole(role)]);
    const r = await runA(['apply', '--no-wait']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
  afterAll(() => client?.close());

  it('apply refuses objects of another stack, names it, and writes nothing', async () => {
    distB = writeStack(stackB, nsB, [namespace(nsB), configMap(nsB, 'own'), configMap(nsA, 'shared', { owner: 'b' }), clusterRole(role)]);
    const r = await runB(['apply', '--no-wait']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`ClusterRole ${role} (${stackB}/ClusterRole/${role}): already exists and belongs to stack "${stackA}" (ApplySet parent Secret ${nsA}/${parentName(stackA)})`);
    expect(r.stderr).toContain(`ConfigMap ${nsA}/shared`);
    expect(r.stderr).toContain('--adopt');
    expect(r.stdout).not.toContain('configured');
    // Nothing written: not even B's own namespace, its inventory or a revision.
    expect(await get(`/api/v1/namespaces/${nsB}`)).toBeUndefined();
    expect(await partOf(rolePath)).toBe(idA);
    expect((await get(sharedCmPath)).data).toEqual({ owner: 'a' });
  });

  it('diff shows what apply would adopt, and from whom', async () => {
    const d = await runB(['diff', '--output', 'json']);
    expect(d.code).toBe(1);
    const events = ndjson(d.stdout);
    const adopt = events.filter((e) => e.type === 'adopt').map((e) => `${e.kind} ${e.name}: ${e.owner}`);
    const owner = `stack "${stackA}" (ApplySet parent Secret ${nsA}/${parentName(stackA)})`;
    expect(adopt.sort()).toEqual([`ClusterRole ${role}: ${owner}`, `ConfigMap shared: ${owner}`]);
    expect(events.at(-1).toAdopt).toBe(2);
  });

  it('a namespace a stack merely uses is not taken over, and its destroy leaves it', async () => {
    const stackC = `team-c-${nsA}`;
    const distC = writeStack(stackC, nsA, [configMap(nsA, 'c-only')]);
    const r = await kapstan(['apply', '--no-wait', '--dir', distC, '--kubeconfig', c.kubeconfig]);
    expect(r.code).toBe(0);
    expect(await partOf(`/api/v1/namespaces/${nsA}`)).toBe(idA);
    const d = await kapstan(['destroy', '--yes', '--prune-protected', '--dir', distC, '--kubeconfig', c.kubeconfig]);
    expect(d.code).toBe(0);
    expect(d.stdout).toContain('destroy: deleted 1, kept 0');
    expect(await get(`/api/v1/namespaces/${nsA}`)).toBeDefined();
    expect(await get(sharedCmPath)).toBeDefined();
  });

  it('objects created by kubectl are refused, naming kubectl', async () => {
    await kube().kubectl(['create', 'namespace', nsB]);
    await kube().kubectl(['create', 'configmap', 'by-hand', '-n', nsB, '--from-literal=k=v']);
    const dist = writeStack(stackB, nsB, [configMap(nsB, 'by-hand')]);
    const r = await kapstan(['apply', '--no-wait', '--dir', dist, '--kubeconfig', c.kubeconfig]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`ConfigMap ${nsB}/by-hand (${stackB}/ConfigMap/by-hand): already exists and belongs to kubectl (field manager "kubectl-create")`);
    expect((await get(`/api/v1/namespaces/${nsB}/configmaps/by-hand`)).data).toEqual({ k: 'v' });
  });

  it('objects of a kubectl ApplySet are refused, naming its parent and tooling', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-own-')), 'cm.json');
    fs.writeFileSync(file, JSON.stringify(configMap(nsB, 'kubectl-set-member')));
    await promisify(execFile)(kube().kubectlPath, ['--kubeconfig', c.kubeconfig, 'apply', '-n', nsB, '--server-side', '--prune', '--applyset=team-tools', '-f', file],
      { env: { ...process.env, KUBECTL_APPLYSET: 'true' } });
    const dist = writeStack(stackB, nsB, [configMap(nsB, 'kubectl-set-member')]);
    const r = await kapstan(['apply', '--no-wait', '--dir', dist, '--kubeconfig', c.kubeconfig]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`ConfigMap ${nsB}/kubectl-set-member \\(${stackB}/ConfigMap/kubectl-set-member\\): already exists and belongs to the ApplySet of Secret ${nsB}/team-tools \\(tooling kubectl/`));
  });

  it("--adopt takes over a Helm release's Deployment without restarting its pods", async () => {
    const helmDeploy: any = deployment(nsB, 'web', 'nginx:1.27', { replicas: 2 });
    helmDeploy.metadata.labels = { ...helmDeploy.metadata.labels, 'app.kubernetes.io/managed-by': 'Helm' };
    helmDeploy.metadata.annotations = { 'meta.helm.sh/release-name': 'web', 'meta.helm.sh/release-namespace': nsB };
    const path = `/apis/apps/v1/namespaces/${nsB}/deployments/web`;
    await client.request('PATCH', path, { body: helmDeploy, contentType: 'application/apply-patch+yaml', query: { fieldManager: 'helm' } });
    const rsOf = async () => (await client.list(`/apis/apps/v1/namespaces/${nsB}/replicasets`)).map((rs: any) => rs.metadata.name).sort();
    let before: string[] = [];
    await (async () => { for (let i = 0; i < 100 && !(before = await rsOf()).length; i++) await new Promise((r) => setTimeout(r, 200)); })();
    expect(before).toHaveLength(1);
    const generation = (await get(path)).metadata.generation;

    const ours = deployment(nsB, 'web', 'nginx:1.27', { replicas: 2 });
    distB = writeStack(stackB, nsB, [configMap(nsB, 'own'), configMap(nsA, 'shared', { owner: 'b' }), clusterRole(role), ours]);
    const refused = await runB(['apply', '--no-wait']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Deployment ${nsB}/web (${stackB}/Deployment/web): already exists and belongs to Helm release "web" in namespace ${nsB}`);

    const r = await runB(['apply', '--adopt', '--output', 'json']);
    expect(r.code).toBe(0);
    const summary = ndjson(r.stdout).at(-1);
    expect(summary.adopted).toBe(3);
    const adoptedFrom = ndjson(r.stdout).filter((e) => e.type === 'apply' && e.message?.startsWith('adopted from')).map((e) => `${e.kind} ${e.name}`).sort();
    expect(adoptedFrom).toEqual([`ClusterRole ${role}`, 'ConfigMap shared', 'Deployment web']);
    const live = await get(path);
    expect(live.metadata.labels[LABEL_PART_OF]).toBe(idB);
    expect(live.metadata.labels['app.kubernetes.io/managed-by']).toBe('kapstan');
    expect(live.metadata.generation).toBe(generation);
    expect(await rsOf()).toEqual(before);
    expect(await partOf(rolePath)).toBe(idB);
    expect((await get(sharedCmPath)).data).toEqual({ owner: 'b' });
  });

  it('rollback to a revision holding an object another stack now owns is refused, naming it', async () => {
    // A's revision 1 declared ConfigMap shared; B owns it now.
    const r = await runA(['rollback', '1', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`ConfigMap ${nsA}/shared (${stackA}/ConfigMap/shared): already exists and belongs to stack "${stackB}"`);
    expect(await partOf(sharedCmPath)).toBe(idB);
    expect((await get(sharedCmPath)).data).toEqual({ owner: 'b' });
  });

  it("destroy of the old owner deletes nothing that moved to another stack, and counts what it deleted", async () => {
    const d = await runA(['destroy', '--yes', '--output', 'json']);
    expect(d.code).toBe(0);
    const sum = ndjson(d.stdout).at(-1);
    expect(sum.objects.map((o: any) => `${o.kind} ${o.name} ${o.action}`).sort()).toEqual([`ConfigMap a-only deleted`, `Namespace ${nsA} kept`]);
    expect(sum.deleted).toBe(1);
    expect(await get(sharedCmPath)).toBeDefined();
    expect(await partOf(rolePath)).toBe(idB);
  });
});

describe('engine: --atomic with --adopt', () => {
  const clusterOf = engineCluster({ shared: true });
  let c: ClusterInfo;
  let client: KubeClient;
  const nsA = uniqueNs('e2e-own-atomic-a');
  const nsB = uniqueNs('e2e-own-atomic-b');
  const stackA = `atomic-a-${nsA}`;
  const stackB = `atomic-b-${nsB}`;
  const get = (path: string) => client.request('GET', path, { allow: [404] });

  beforeAll(async () => {
    c = clusterOf();
    client = await KubeClient.connect({ kubeconfig: c.kubeconfig });
  });
  afterAll(() => client?.close());

  it('a failed apply rolled back deletes nothing it adopted, hands it back, and counts what it pruned', async () => {
    const a = await kapstan(['apply', '--no-wait', '--dir', writeStack(stackA, nsA, [namespace(nsA), configMap(nsA, 'shared', { owner: 'a' })]), '--kubeconfig', c.kubeconfig]);
    expect(a.code).toBe(0);
    const distB = writeStack(stackB, nsB, [namespace(nsB), configMap(nsB, 'b')]);
    const runB = (args: string[]) => kapstan([...args, '--dir', distB, '--kubeconfig', c.kubeconfig, '--yes']);
    expect((await runB(['apply'])).code).toBe(0);
    // v2 adopts A's ConfigMap, adds one of its own, and its Deployment cannot be scheduled.
    writeStack(stackB, nsB, [namespace(nsB), configMap(nsB, 'b'), configMap(nsB, 'b-new'), configMap(nsA, 'shared', { owner: 'b' }),
      deployment(nsB, 'app', 'nginx:1.27', { nodeSelector: { 'kapstan.dev/no-such-node': 'true' } })], distB);
    const r = await runB(['apply', '--adopt', '--atomic', '--timeout', '20s', '--output', 'json']);
    expect(r.code).toBe(1);
    const sum = ndjson(r.stdout).at(-1);
    expect(sum).toMatchObject({ outcome: 'rolled-back', rolledBackTo: 1, adopted: 1 });
    // b-new and the Deployment were created by the failed apply and pruned by the rollback.
    expect(sum.pruned).toBe(2);
    expect(await get(`/api/v1/namespaces/${nsB}/configmaps/b-new`)).toBeUndefined();
    const shared = await get(`/api/v1/namespaces/${nsA}/configmaps/shared`);
    expect(shared).toBeDefined();
    expect(shared.metadata.labels[LABEL_PART_OF]).toBe(applySetId(parentName(stackA), nsA));
  });
});
