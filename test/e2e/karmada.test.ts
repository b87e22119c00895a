// A real Karmada control plane over three member dev clusters (one setup for the whole file):
// `kapstan dev-cluster up --karmada` starts it and registers the members in Push mode, and
// `down` removes every process and directory.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getCluster } from '../../dev-cluster';
import { clusterDir } from '../../dev-cluster/paths';
import { kapstan } from './engine-fixtures';
import { E2E_TIMEOUT_MS, eventually, kubectlFor, type E2ECluster } from './harness';

const MEMBERS = ['a', 'b', 'c'];
const PLANE = 'karmada';
let karmada: E2ECluster;
const members = new Map<string, E2ECluster>();
let pids: number[] = [];

/** Running (a zombie waiting to be reaped by init has exited). */
const alive = (pid: number) => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};

beforeAll(async () => {
  const up = await kapstan(['dev-cluster', 'up', '--karmada', '--members', MEMBERS.join(','), '--nodes', '2', '--gpu-nodes', '0', '--no-build']);
  if (up.code !== 0) throw new Error(`dev-cluster up --karmada failed (${up.code}):\n${up.stderr}\n${up.stdout}`);
  const kubeconfig = /export KUBECONFIG=(.+)/.exec(up.stdout)![1].trim();
  const any = getCluster(MEMBERS[0])!;
  karmada = kubectlFor({ ...any, name: PLANE, kubeconfig, context: `kapstan-${PLANE}`, server: '', dir: clusterDir(PLANE), nodes: [], startedInMs: 0 });
  for (const m of MEMBERS) members.set(m, kubectlFor(getCluster(m)!));
  pids = fs.readdirSync(path.join(clusterDir(PLANE), 'run')).filter((f) => f.endsWith('.pid'))
    .map((f) => Number(fs.readFileSync(path.join(clusterDir(PLANE), 'run', f), 'utf8')));
}, E2E_TIMEOUT_MS);

afterAll(async () => {
  // The global teardown also removes a plane a failed test left behind.
  if (fs.existsSync(path.join(clusterDir(PLANE), 'karmada.json'))) await kapstan(['dev-cluster', 'down', '--name', PLANE]);
}, E2E_TIMEOUT_MS);

describe('kapstan dev-cluster up --karmada', () => {
  it('serves the Cluster API through an APIService to the aggregated apiserver on loopback', async () => {
    const svc = await karmada.kubectlJson(['-n', 'karmada-system', 'get', 'service', 'karmada-aggregated-apiserver']);
    expect(svc.spec).toMatchObject({ type: 'ExternalName', externalName: 'localhost' });
    const apiService = await karmada.kubectlJson(['get', 'apiservice', 'v1alpha1.cluster.karmada.io']);
    expect(apiService.status.conditions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'Available', status: 'True' })]));
    // Karmada's CRDs, with the bindings' conversion webhook on 127.0.0.1.
    const rb = await karmada.kubectlJson(['get', 'crd', 'resourcebindings.work.karmada.io']);
    expect(rb.spec.conversion.webhook.clientConfig.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/convert$/);
    const hooks = await karmada.kubectlJson(['get', 'validatingwebhookconfigurations,mutatingwebhookconfigurations']);
    const urls = hooks.items.flatMap((h: any) => h.webhooks.map((w: any) => w.clientConfig.url));
    expect(urls.length).toBeGreaterThan(10);
    for (const u of urls) expect(u).toMatch(/^https:\/\/127\.0\.0\.1:\d+\//);
  });

  it('registers every member in Push mode with a service-account token and CA bundle, and they are Ready', async () => {
    const clusters = await karmada.kubectlJson(['get', 'clusters']);
    expect(clusters.items.map((c: any) => c.metadata.name).sort()).toEqual(MEMBERS);
    for (const c of clusters.items) {
      expect(c.spec.syncMode).toBe('Push');
      expect(c.spec.apiEndpoint).toBe(getCluster(c.metadata.name)!.server);
      expect(c.spec.apiEndpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(c.status.conditions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'Ready', status: 'True' })]));
      const secret = await karmada.kubectlJson(['-n', c.spec.secretRef.namespace, 'get', 'secret', c.spec.secretRef.name]);
      expect(Object.keys(secret.data).sort()).toEqual(['caBundle', 'token']);
      // The token is a real service-account token of the member: it authenticates there.
      const token = Buffer.from(secret.data.token, 'base64').toString();
      const review = JSON.parse(await members.get(c.metadata.name)!.kubectl(['create', '-o', 'json', '-f', '-'], {
        input: JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } }),
      }));
      expect(review.status).toMatchObject({ authenticated: true, user: { username: 'system:serviceaccount:karmada-cluster:karmada-control-plane' } });
    }
  });
});

describe('kapstan dev-cluster down (Karmada)', () => {
  it('stops every process of the plane and the members it started, and removes their directories', async () => {
    expect(pids.length).toBe(8);
    const memberPids = MEMBERS.flatMap((m) => fs.readdirSync(path.join(clusterDir(m), 'run')).filter((f) => f.endsWith('.pid'))
      .map((f) => Number(fs.readFileSync(path.join(clusterDir(m), 'run', f), 'utf8'))));
    const r = await kapstan(['dev-cluster', 'down', '--name', PLANE]);
    expect(r.code).toBe(0);
    for (const pid of [...pids, ...memberPids]) expect(alive(pid)).toBe(false);
    for (const d of [PLANE, ...MEMBERS]) expect(fs.existsSync(clusterDir(d))).toBe(false);
    await eventually('no member left in the list', async () => (await kapstan(['dev-cluster', 'list', '--json'])).stdout.includes('"name"') === false);
  });
});
