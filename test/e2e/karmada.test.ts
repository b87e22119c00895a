// A real Karmada control plane over three member dev clusters (one setup for the whole file):
// `kapstan dev-cluster up --karmada` starts it and registers the members in Push mode;
// `kapstan apply|diff|status|destroy --federation global --via karmada` deploys the federation's
// Karmada stack (8 replicas divided 2:1:1, an image override in c, a FederatedHPA, a ConfigMap
// placed by label selector) and tracks it into the members; a member taken away is rescheduled
// around; `down` removes every process and directory.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiObject, App, Chart } from 'cdk8s';
import { getCluster, startComponent, stopComponent } from '../../dev-cluster';
import { Federation } from '../../stacks';
import { synthesize } from '../../synth';
import { clusterDir } from '../../dev-cluster/paths';
import { kapstan, ndjson } from './engine-fixtures';
import { synthFederatedWeb, type FederatedWebOptions } from './federation-app';
import { E2E_TIMEOUT_MS, eventually, kubectlFor, type E2ECluster } from './harness';
import { kapstanInPty } from './pty';

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

    // `dev-cluster list` shows the plane with its members; `kubeconfig` finds it by name.
    const list = JSON.parse((await kapstan(['dev-cluster', 'list', '--json'])).stdout);
    expect(list.find((c: any) => c.name === PLANE)).toMatchObject({ type: 'karmada', status: 'running', members: MEMBERS.map((m) => ({ name: m, devCluster: m })) });
    expect((await kapstan(['dev-cluster', 'kubeconfig', '--name', PLANE])).stdout.trim()).toBe(karmada.kubeconfig);
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

const NS = 'fed-web';
const GOOD = { c: 'registry.example/web:1.1-c' };
let tmp: string;

function synth(name: string, opts: FederatedWebOptions): string {
  tmp ??= fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-karmada-'));
  const out = path.join(tmp, name);
  const result = synthFederatedWeb(out, MEMBERS.map((m) => ({ name: m, context: `kapstan-${m}`, zone: m })), { karmada: true, selectorPlaced: true, ...opts });
  expect(result.problems).toEqual([]);
  return out;
}

const via = (command: string, dir: string, extra: string[] = []) =>
  kapstan([command, '--federation', 'global', '--via', 'karmada', '--dir', dir, '--kubeconfig', karmada.kubeconfig, '--yes', ...extra]);

const inMember = (m: string, args: string[]) => members.get(m)!.kubectlJson(['-n', NS, ...args]);
const replicasInMembers = () => Promise.all(MEMBERS.map(async (m) => (await inMember(m, ['get', 'deployment', 'web'])).spec.replicas));

describe('kapstan apply --federation --via karmada', () => {
  let dist: string;

  it('applies the Karmada stack and tracks it into every member: 8 replicas divided 2:1:1 are 4/2/2 available', async () => {
    dist = synth('v1', { images: GOOD });
    const r = await via('apply', dist, ['--output', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const events = ndjson(r.stdout);
    expect(events.at(-1)).toMatchObject({ type: 'summary', command: 'apply', federation: 'global', via: 'karmada', ok: true, outcome: 'succeeded' });
    // The stack went to the Karmada API server: templates, policies and the FederatedHPA.
    const applied = events.filter((e) => e.type === 'apply').map((e) => `${e.kind}/${e.name}`);
    expect(applied).toEqual(expect.arrayContaining(['Deployment/web', 'PropagationPolicy/global-web', 'OverridePolicy/global-deployment-web', 'FederatedHPA/web']));
    // Tracked per member from the binding: scheduled, applied, then the member's available replicas.
    const last = new Map<string, any>();
    for (const e of events.filter((x) => x.type === 'propagation')) last.set(`${e.kind}/${e.name}@${e.cluster}`, e);
    expect(MEMBERS.map((m) => [last.get(`Deployment/web@${m}`).status, last.get(`Deployment/web@${m}`).scheduled, last.get(`Deployment/web@${m}`).available]))
      .toEqual([['Current', 4, 4], ['Current', 2, 2], ['Current', 2, 2]]);
    expect(events.filter((x) => x.type === 'propagation' && x.kind === 'Deployment').some((e) => /waiting|available/.test(e.message) && e.status === 'InProgress')).toBe(true);

    const available = await Promise.all(MEMBERS.map(async (m) => (await inMember(m, ['get', 'deployment', 'web'])).status.availableReplicas));
    expect(available).toEqual([4, 2, 2]);
    const rb = await karmada.kubectlJson(['-n', NS, 'get', 'resourcebinding', 'web-deployment']);
    expect(rb.spec.clusters).toEqual([{ name: 'a', replicas: 4 }, { name: 'b', replicas: 2 }, { name: 'c', replicas: 2 }]);
  });

  it("the OverridePolicy's image is in member c only", async () => {
    const images = await Promise.all(MEMBERS.map(async (m) => (await inMember(m, ['get', 'deployment', 'web'])).spec.template.spec.containers[0].image));
    expect(images).toEqual(['registry.example/web:1.0', 'registry.example/web:1.0', 'registry.example/web:1.1-c']);
    const template = await karmada.kubectlJson(['-n', NS, 'get', 'deployment', 'web']);
    expect(template.spec.template.spec.containers[0].image).toBe('registry.example/web:1.0');
  });

  it('places by label selector: the ConfigMap for zones a and c is in a and c only', async () => {
    const has = await Promise.all(MEMBERS.map(async (m) => (await members.get(m)!.kubectl(['-n', NS, 'get', 'configmap', '-o', 'name'])).includes('placed-by-selector')));
    expect(has).toEqual([true, false, true]);
  });

  it('in a terminal: one live table, a row per template and member', async () => {
    const r = await kapstanInPty(['status', '--federation', 'global', '--via', 'karmada', '--dir', dist, '--kubeconfig', karmada.kubeconfig], { columns: 120, rows: 40, env: { NO_COLOR: '1' } });
    expect(r.code).toBe(0);
    const screen = r.everything.join('\n');
    expect(screen).toMatch(/KIND\/NAME\s+STATUS\s+READY/);
    for (const [m, ready] of [['a', '4/4'], ['b', '2/2'], ['c', '2/2']]) expect(screen).toMatch(new RegExp(`Deployment fed-web/web @${m}\\s+Current\\s+${ready}\\s`));
    // The selector placed the ConfigMap on a and c: no row for b.
    expect(screen).toMatch(/ConfigMap fed-web\/placed-by-selector @c\s+Current/);
    expect(screen).not.toMatch(/placed-by-selector @b/);
  });

  it("the FederatedHPA's bounds hold for the federation and Karmada divides them 2:1:1", async () => {
    // One FederatedHPA in Karmada instead of an HPA per member (they would fight over replicas).
    expect((await karmada.kubectlJson(['-n', NS, 'get', 'federatedhpa', 'web'])).spec).toMatchObject({ minReplicas: 8, maxReplicas: 16 });
    for (const m of MEMBERS) expect((await inMember(m, ['get', 'hpa'])).items).toEqual([]);
    // Above the maximum: scaled back to 16 in all, 8/4/4.
    await karmada.kubectl(['-n', NS, 'scale', 'deployment', 'web', '--replicas=40']);
    await eventually('16 replicas divided 8/4/4', async () => JSON.stringify(await replicasInMembers()) === '[8,4,4]');
    // Below the minimum: back to 8, 4/2/2.
    await karmada.kubectl(['-n', NS, 'scale', 'deployment', 'web', '--replicas=2']);
    await eventually('8 replicas divided 4/2/2', async () => JSON.stringify(await replicasInMembers()) === '[4,2,2]');
  });

  it('diff through Karmada: exit 0 when nothing changed, 1 for a new image', async () => {
    expect((await via('diff', dist)).code).toBe(0);
    const changed = synth('v2', { images: GOOD, image: 'registry.example/web:2.0' });
    const r = await via('diff', changed);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('registry.example/web:2.0');
  });

  it("a failing member rollout fails the apply (exit 1), naming the member, the pod and its reason", async () => {
    const bad = synth('bad', { images: { ...GOOD, b: 'registry.example/web:kapstan-pull-error' } });
    const r = await via('apply', bad, ['--output', 'json', '--timeout', '2m']);
    expect(r.code).toBe(1);
    const events = ndjson(r.stdout);
    const failed = events.filter((e) => e.type === 'propagation' && e.status === 'Failed');
    // A row is reported again when its reason changes (ErrImagePull → ImagePullBackOff).
    expect([...new Set(failed.map((e) => `${e.kind}/${e.name}@${e.cluster}`))]).toEqual(['Deployment/web@b']);
    expect(failed[0].reason).toMatch(/ImagePullBackOff|ErrImagePull/);
    expect(failed[0].pod).toMatch(/^web-/);
    expect(events.at(-1)).toMatchObject({ type: 'summary', ok: false });
    // Back to the good version.
    expect((await via('apply', dist)).code).toBe(0);
  });

  it("Kapstan's other Karmada output works there too: limits as per-member replicas, a Namespace placed on two members only", async () => {
    // Federation `edge`: 6 replicas Divided with c limited to 1 (Duplicated plus a per-member
    // replicas override in Karmada's terms), and a declared Namespace placed by selector on a and b.
    const app = new App();
    const edge = new Federation(app, 'edge', {
      namespace: 'edge-ns',
      members: MEMBERS.map((m) => ({ name: m, context: `kapstan-${m}`, weight: m === 'a' ? 2 : 1, labels: { zone: m } })),
      karmada: { context: `kapstan-${PLANE}` },
    });
    const web = new Chart(edge, 'web');
    const labels = { app: 'edge-web' };
    new ApiObject(web, 'web', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'edge-web' }, spec: { replicas: 6, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'registry.example/edge:1', resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } } }] } } } });
    edge.place(web, { replicas: { type: 'Divided', limits: { c: { max: 1 } } } });
    const extra = new Chart(edge, 'extra');
    new ApiObject(extra, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'edge-extra' } });
    edge.place(extra, { selector: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] } });
    const out = path.join(tmp, 'edge');
    expect(synthesize(app, { outdir: out, validate: 'warn' }).ok).toBe(true);
    const run = (command: string) => kapstan([command, '--federation', 'edge', '--via', 'karmada', '--dir', out, '--kubeconfig', karmada.kubeconfig, '--yes', '--output', 'json']);

    const r = await run('apply');
    expect(r.code).toBe(0);
    const last = new Map(ndjson(r.stdout).filter((e) => e.type === 'propagation' && e.kind === 'Deployment').map((e) => [e.cluster, e]));
    expect(MEMBERS.map((m) => [m, last.get(m).status, last.get(m).scheduled, last.get(m).available])).toEqual([['a', 'Current', 3, 3], ['b', 'Current', 2, 2], ['c', 'Current', 1, 1]]);
    const available = await Promise.all(MEMBERS.map(async (m) => (await members.get(m)!.kubectlJson(['-n', 'edge-ns', 'get', 'deployment', 'edge-web'])).status.availableReplicas));
    expect(available).toEqual([3, 2, 1]);
    // Karmada's namespace controller would copy the Namespace to c as well; Kapstan's label stops it.
    const hasNs = await Promise.all(MEMBERS.map(async (m) => (await members.get(m)!.kubectl(['get', 'namespaces', '-o', 'name'])).includes('namespace/edge-extra')));
    expect(hasNs).toEqual([true, true, false]);
    expect((await run('destroy')).code).toBe(0);
  });

  it('a member that stops serving: status says Karmada sees it not Ready (exit 1), and Current again once it is back', async () => {
    await stopComponent('c', 'kube-apiserver');
    try {
      // Karmada notices a silent member only after its health thresholds; until then c's row
      // may still read Current (or another row may be catching up), so wait for c's own row.
      const down = await eventually('status to report c not Ready', async () => {
        const s = await via('status', dist, ['--output', 'json']);
        const c = ndjson(s.stdout).filter((e) => e.type === 'propagation' && e.kind === 'Deployment' && e.cluster === 'c').at(-1);
        return s.code === 1 && /^member not Ready in Karmada/.test(c?.message ?? '') ? s : undefined;
      });
      const web = new Map(ndjson(down.stdout).filter((e) => e.type === 'propagation' && e.kind === 'Deployment').map((e) => [e.cluster, e]));
      expect(web.get('c')).toMatchObject({ status: 'InProgress' });
      expect(web.get('c').message).toMatch(/^member not Ready in Karmada/);
      expect(web.get('a')).toMatchObject({ status: 'Current', available: 4 });
    } finally {
      await startComponent('c', 'kube-apiserver');
    }
    await eventually('status Current again', async () => (await via('status', dist)).code === 0);
  });

  it('a member taken away: Karmada reschedules its replicas to the others and status shows it', async () => {
    await karmada.kubectl(['delete', 'cluster', 'c']);
    await eventually('8 replicas rescheduled to a and b', async () => {
      const rb = await karmada.kubectlJson(['-n', NS, 'get', 'resourcebinding', 'web-deployment']);
      return rb.spec.clusters.every((c: any) => c.name !== 'c') && rb.spec.clusters.reduce((n: number, c: any) => n + c.replicas, 0) === 8;
    });
    const r = await eventually('status Current again', async () => {
      const s = await via('status', dist, ['--output', 'json']);
      return s.code === 0 ? s : undefined;
    });
    const events = ndjson(r.stdout);
    const web = new Map(events.filter((e) => e.type === 'propagation' && e.kind === 'Deployment').map((e) => [e.cluster, e]));
    expect(web.get('c').message).toMatch(/not a Karmada member/);
    expect(web.get('a').available + web.get('b').available).toBe(8);
    expect(web.get('a').scheduled).toBeGreaterThan(4);
  });

  it('destroy removes the stack from Karmada and every member', async () => {
    const r = await via('destroy', dist, ['--output', 'json']);
    expect(r.code).toBe(0);
    expect(ndjson(r.stdout).at(-1)).toMatchObject({ type: 'summary', command: 'destroy', via: 'karmada', ok: true, leftInMembers: [] });
    for (const m of MEMBERS) {
      const left = await members.get(m)!.kubectl(['-n', NS, 'get', 'deployment,service,configmap,pdb', '-o', 'name', '--ignore-not-found']);
      expect(left.split('\n').filter((l) => l && !l.includes('kube-root-ca.crt'))).toEqual([]);
    }
    expect((await karmada.kubectl(['-n', NS, 'get', 'resourcebindings', '-o', 'name'])).trim()).toBe('');
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
    // Other test files' clusters may share this KAPSTAN_HOME: only the plane and its members must go.
    const ours = new RegExp(`"name":\\s*"(${[PLANE, ...MEMBERS].join('|')})"`);
    await eventually('no member left in the list', async () => !ours.test((await kapstan(['dev-cluster', 'list', '--json'])).stdout));
  });
});
