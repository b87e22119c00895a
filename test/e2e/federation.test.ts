// Federation on three dev clusters (zones a, b, c): `kapstan apply --federation` divides a web
// service of 8 replicas 2:1:1 (4/2/2 available), an image override shows in one cluster only,
// diff/status/destroy span the members, and a failing first wave stops the second.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downCluster } from '../../dev-cluster';
import { kapstan, ndjson } from './engine-fixtures';
import { synthFederatedWeb, type MemberCluster } from './federation-app';
import { E2E_TIMEOUT_MS, startCluster, type E2ECluster } from './harness';

const ZONES = ['a', 'b', 'c'];
const NS = 'fed-web';
const clusters = new Map<string, E2ECluster>();
let members: MemberCluster[] = [];
let tmp: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-fed-'));
  const started = await Promise.allSettled(ZONES.map((z) => startCluster({ name: `federation-${z}`, nodes: 2, gpuNodes: 0, zones: [`zone-${z}`] })));
  started.forEach((r, i) => { if (r.status === 'fulfilled') clusters.set(ZONES[i], r.value); });
  const failed = started.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
  if (failed) throw failed.reason;
  members = ZONES.map((z) => ({ name: z, context: clusters.get(z)!.context, zone: z }));
}, E2E_TIMEOUT_MS);

afterAll(async () => {
  for (const c of clusters.values()) await downCluster(c.name);
}, E2E_TIMEOUT_MS);

/** `a=<kubeconfig>,b=...`: each member points at its own dev cluster. */
const kubeconfigs = () => ZONES.map((z) => `${z}=${clusters.get(z)!.kubeconfig}`).join(',');

function synth(name: string, images: Record<string, string> = {}, image?: string): string {
  const out = path.join(tmp, name);
  const result = synthFederatedWeb(out, members, { images, image });
  expect(result.problems).toEqual([]);
  return out;
}

const fed = (command: string, dir: string, extra: string[] = []) =>
  kapstan([command, '--federation', 'global', '--dir', dir, '--kubeconfig', kubeconfigs(), '--yes', ...extra]);

const deployment = (z: string) => clusters.get(z)!.kubectlJson(['-n', NS, 'get', 'deployment', 'web']);
const image = async (z: string) => (await deployment(z)).spec.template.spec.containers[0].image;

describe('kapstan apply --federation', () => {
  let dist: string;

  it('applies to every member, wave 1 (a) before wave 2 (b, c), and divides 8 replicas 4/2/2', async () => {
    dist = synth('v1', { c: 'registry.example/web:1.1-c' });
    const r = await fed('apply', dist, ['--output', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const events = ndjson(r.stdout);
    const summary = events.at(-1);
    expect(summary).toMatchObject({ type: 'summary', command: 'apply', federation: 'global', ok: true, succeeded: 3, failed: 0, skipped: 0 });
    expect(summary.clusters.map((c: any) => [c.cluster, c.wave, c.outcome, c.created])).toEqual([['a', 1, 'succeeded', 4], ['b', 2, 'succeeded', 4], ['c', 2, 'succeeded', 4]]);
    // Every member event names its cluster; the canary finished before wave 2 started.
    const phases = events.filter((e) => e.type === 'federation').map((e) => `${e.cluster}:${e.phase}`);
    expect(phases.indexOf('a:succeeded')).toBeLessThan(phases.indexOf('b:running'));
    expect(phases.indexOf('a:succeeded')).toBeLessThan(phases.indexOf('c:running'));
    const applied = events.filter((e) => e.type === 'apply');
    expect(new Set(applied.map((e) => e.cluster))).toEqual(new Set(ZONES));
    expect(events.filter((e) => e.type === 'cluster-summary').map((e) => [e.cluster, e.outcome])).toEqual(expect.arrayContaining([['a', 'succeeded'], ['b', 'succeeded'], ['c', 'succeeded']]));

    const available = await Promise.all(ZONES.map(async (z) => (await deployment(z)).status.availableReplicas));
    expect(available).toEqual([4, 2, 2]);
    // The autoscalers' floors were divided too, so none scales its cluster back up to 8.
    const floors = await Promise.all(ZONES.map(async (z) => (await clusters.get(z)!.kubectlJson(['-n', NS, 'get', 'hpa', 'web'])).spec.minReplicas));
    expect(floors).toEqual([4, 2, 2]);
    // Each cluster scheduled its pods on its own zone's nodes.
    for (const z of ZONES) {
      const nodes = await clusters.get(z)!.kubectlJson(['get', 'nodes']);
      expect(new Set(nodes.items.map((n: any) => n.metadata.labels['topology.kubernetes.io/zone']))).toEqual(new Set([`zone-${z}`]));
    }
  });

  it('the image override is visible in cluster c only', async () => {
    expect(await Promise.all(ZONES.map(image))).toEqual(['registry.example/web:1.0', 'registry.example/web:1.0', 'registry.example/web:1.1-c']);
    const pods = await clusters.get('c')!.kubectlJson(['-n', NS, 'get', 'pods']);
    expect(pods.items.length).toBe(2);
    expect(pods.items.every((p: any) => p.spec.containers[0].image === 'registry.example/web:1.1-c')).toBe(true);
  });

  it('diff and status span the federation; text output tags each line with its cluster', async () => {
    const d = await fed('diff', dist);
    expect(d.code).toBe(0);
    for (const z of ZONES) expect(d.stdout).toMatch(new RegExp(`^\\[${z}\\] to create: 0, to update: 0, to prune: 0, unchanged: 4$`, 'm'));
    expect(d.stdout).toMatch(/^CLUSTER\s+WAVE\s+RESULT\s+TOCREATE/m);

    const s = await fed('status', dist, ['--output', 'json']);
    expect(s.code).toBe(0);
    const sum = ndjson(s.stdout).at(-1);
    expect(sum.clusters.map((c: any) => [c.cluster, c.current, c.total])).toEqual([['a', 4, 4], ['b', 4, 4], ['c', 4, 4]]);

    // A change in one member shows as a difference there only (exit 1).
    const changed = synth('v1-changed', { c: 'registry.example/web:1.2-c' });
    const d2 = await fed('diff', changed, ['--output', 'json']);
    expect(d2.code).toBe(1);
    expect(ndjson(d2.stdout).at(-1).clusters.map((c: any) => [c.cluster, c.toUpdate])).toEqual([['a', 0], ['b', 0], ['c', 1]]);
  });

  it('a failing first wave stops the second and exits non-zero', async () => {
    // Wave 1 (a) gets an image that cannot be pulled; b and c would get a new version.
    const broken = synth('v2-broken', { a: 'registry.example/web:kapstan-pull-error' }, 'registry.example/web:2.0');
    const r = await fed('apply', broken, ['--waves', 'a,b+c', '--timeout', '90s']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^\[a\] wave 1: failed/m);
    expect(r.stdout).toMatch(/^\[b\] wave 2: skipped \(not started: wave 1 failed\)/m);
    expect(r.stdout).toMatch(/^c\s+2\s+skipped/m);
    expect(r.stdout).toMatch(/apply --federation global: FAILED on 1 of 3 cluster\(s\), 2 skipped/);
    expect(r.stderr).toMatch(/cluster a: .*Deployment fed-web\/web/);
    // Nothing reached wave 2: b and c still run what the first apply sent.
    expect(await image('a')).toBe('registry.example/web:kapstan-pull-error');
    expect(await image('b')).toBe('registry.example/web:1.0');
    expect(await image('c')).toBe('registry.example/web:1.1-c');
  });

  it('destroy removes the members from every cluster', async () => {
    const r = await fed('destroy', dist, ['--output', 'json']);
    expect(r.code).toBe(0);
    const sum = ndjson(r.stdout).at(-1);
    expect(sum.clusters.map((c: any) => [c.cluster, c.deleted])).toEqual([['b', 4], ['c', 4], ['a', 4]]);
    for (const z of ZONES) {
      const left = await clusters.get(z)!.kubectlJson(['-n', NS, 'get', 'deployments,services,hpa,pdb']);
      expect(left.items).toEqual([]);
    }
  });
});

describe('federation errors before any API call', () => {
  it('a member missing from --kubeconfig maps or an unknown wave name fails with exit 2', async () => {
    const dist = synth('errors');
    const r = await kapstan(['apply', '--federation', 'global', '--dir', dist, '--kubeconfig', `a=${clusters.get('a')!.kubeconfig},x=/tmp/none`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--kubeconfig: "x" is not a member (members: a, b, c)');
    const w = await fed('apply', dist, ['--waves', 'a,b']);
    expect(w.code).toBe(2);
    expect(w.stderr).toContain('every member needs a wave; missing c');
    // b's context is not in a's kubeconfig: found before anything is applied to a.
    const k = await kapstan(['apply', '--federation', 'global', '--dir', dist, '--kubeconfig', clusters.get('a')!.kubeconfig]);
    expect(k.code).toBe(2);
    expect(k.stderr).toMatch(/cluster b: kube context "kapstan-federation-b" is not in the kubeconfig/);
    expect(k.stderr).toContain('nothing was sent to any cluster');
    // The earlier destroy left cluster a without workloads; the refused runs added none.
    expect((await clusters.get('a')!.kubectlJson(['-n', NS, 'get', 'deployments'])).items).toEqual([]);
  });
});
