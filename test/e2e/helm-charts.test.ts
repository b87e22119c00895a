// Helm charts on the dev cluster: a chart's hooks run around the apply in weight order (Jobs
// waited for, delete policies honoured, none on a no-op re-apply, a failing pre-upgrade hook stops
// the upgrade), and a running Helm release is taken over with --adopt without restarting its pods,
// after which `helm list` no longer shows it.
import { App } from 'cdk8s';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { KubeClient } from '../../engine/client';
import { findHelm, HelmChart, type HelmChartProps } from '../../helm';
import { Stack } from '../../stacks';
import { synthesize } from '../../synth';
import { engineCluster, type ClusterInfo } from './engine-cluster';
import { kapstan, ndjson, uniqueNs } from './engine-fixtures';

jest.setTimeout(600_000);

const SHOP = path.join(__dirname, '../fixtures/charts/shop');
const run = promisify(execFile);

describe('Helm charts on the dev cluster', () => {
  const clusterOf = engineCluster({ shared: true });
  let c: ClusterInfo;
  let client: KubeClient;
  let work: string;
  const helm = (args: string[]) => run(findHelm().path, [...args, '--kubeconfig', c.kubeconfig], { env: { ...process.env, HELM_CONFIG_HOME: path.join(work, 'helm-config'), HELM_CACHE_HOME: path.join(work, 'helm-cache'), HELM_DATA_HOME: path.join(work, 'helm-data') } });
  const get = (p: string) => client.request('GET', p, { allow: [404] });

  /** Synthesizes one stack holding the shop chart into its own dist folder. */
  function synthShop(stack: string, ns: string, props: Partial<HelmChartProps>): string {
    const app = new App();
    new HelmChart(new Stack(app, stack, { namespace: ns }), 'web', { chart: SHOP, ...props });
    const outdir = path.join(work, `${stack}-${Date.now()}`);
    const result = synthesize(app, { outdir });
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    return path.join(outdir, stack);
  }
  const apply = (dir: string, ...flags: string[]) => kapstan(['apply', '--dir', dir, '--kubeconfig', c.kubeconfig, '--output', 'json', ...flags]);
  /** The error events of an NDJSON run. */
  const errors = (stdout: string) => ndjson(stdout).filter((e) => e.type === 'error').map((e) => e.message).join('\n');

  beforeAll(async () => {
    c = clusterOf();
    client = await KubeClient.connect({ kubeconfig: c.kubeconfig });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-helm-e2e-'));
  });
  afterAll(() => {
    client?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('takes over a running Helm release with --adopt without restarting its pods; helm list then no longer shows it', async () => {
    const ns = uniqueNs('e2e-helm-take');
    await helm(['install', 'web', SHOP, '--namespace', ns, '--create-namespace', '--set', 'auth.password=kept-secret', '--wait', '--timeout', '5m']);
    const pods = async () => (await client.list(`/api/v1/namespaces/${ns}/pods`)).filter((p: any) => !/migrate|notify|verify/.test(p.metadata.name))
      .map((p: any) => `${p.metadata.name} ${p.metadata.uid}`).sort();
    const replicaSets = async () => (await client.list(`/apis/apps/v1/namespaces/${ns}/replicasets`)).map((rs: any) => rs.metadata.name).sort();
    const podsBefore = await pods();
    const rsBefore = await replicaSets();
    expect(podsBefore).toHaveLength(3); // two storefront replicas and the cache
    expect((await helm(['list', '--namespace', ns, '--short'])).stdout.trim()).toBe('web');

    // The same chart and values, declared in a stack (its CRD too).
    const dir = synthShop(`takeover-${ns}`, ns, { values: { auth: { password: 'kept-secret' } } });
    const refused = await apply(dir);
    expect(refused.code).toBe(1);
    expect(errors(refused.stdout)).toContain(`Deployment ${ns}/web-shop`);
    expect(errors(refused.stdout)).toContain(`belongs to Helm release "web" in namespace ${ns}`);

    const adopted = await apply(dir, '--adopt');
    expect(adopted.stderr).toBe('');
    expect(adopted.code).toBe(0);
    const summary = ndjson(adopted.stdout).at(-1);
    expect(summary.outcome).toBe('succeeded');
    const from = ndjson(adopted.stdout).filter((e) => e.type === 'apply' && e.message?.startsWith('adopted from')).map((e) => `${e.kind} ${e.name}`);
    expect(from).toEqual(expect.arrayContaining([`Deployment web-shop`, 'Deployment web-cache', 'Service web-shop', 'Secret web-shop-auth', 'Widget web-shop-banner']));
    // Same pods, same ReplicaSets: nothing restarted.
    expect(await pods()).toEqual(podsBefore);
    expect(await replicaSets()).toEqual(rsBefore);
    const deployment = await get(`/apis/apps/v1/namespaces/${ns}/deployments/web-shop`);
    expect(deployment.metadata.labels['app.kubernetes.io/managed-by']).toBe('kapstan');

    // apply names the release and the command that removes its records.
    expect(ndjson(adopted.stdout).filter((e) => e.type === 'helm-release')).toEqual([
      { type: 'helm-release', release: 'web', namespace: ns, command: `kubectl delete secret -n ${ns} -l owner=helm,name=web` },
    ]);
    // The release's records (Secrets owner=helm) go; the objects stay, with Kapstan.
    const records = await client.list(`/api/v1/namespaces/${ns}/secrets`, { labelSelector: 'owner=helm,name=web' });
    expect(records.map((s: any) => s.metadata.name)).toEqual(['sh.helm.release.v1.web.v1']);
    for (const r of records) await client.request('DELETE', `/api/v1/namespaces/${ns}/secrets/${r.metadata.name}`);
    expect((await helm(['list', '--namespace', ns, '--short'])).stdout.trim()).toBe('');
    expect(await pods()).toEqual(podsBefore);
    const again = await apply(dir);
    expect(again.code).toBe(0);
    expect(ndjson(again.stdout).at(-1)).toMatchObject({ created: 0, updated: 0, adopted: 0 });
  });

  it('runs pre- and post- hooks in weight order around the apply, honours delete policies, and a failing hook stops the upgrade', async () => {
    const ns = uniqueNs('e2e-helm-hooks');
    const stack = `hooks-${ns}`;
    // The CRD belongs to the takeover stack above: this release skips it, as helm's --skip-crds.
    const base = { includeCrds: false, values: { auth: { password: 'p4ss-word' } } };
    const first = await apply(synthShop(stack, ns, base));
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const events = ndjson(first.stdout);
    const order = events.filter((e) => e.type === 'hook' || (e.type === 'apply' && ['Deployment', 'Service', 'Widget'].includes(e.kind)))
      .map((e) => (e.type === 'hook' ? `${e.event} ${e.kind} ${e.name} ${e.action}` : `apply ${e.kind} ${e.name}`));
    const at = (s: string) => { const i = order.indexOf(s); expect(i).toBeGreaterThanOrEqual(0); return i; };
    expect(order.filter((o) => !o.startsWith('apply'))).toEqual([
      'pre-install ConfigMap web-shop-pre-settings created',
      'pre-install Job web-shop-migrate created',
      'pre-install Job web-shop-migrate deleted',
      'post-install Job web-shop-notify created',
      'post-install Job web-shop-notify deleted',
      'post-install Pod web-shop-verify created',
      'post-install Pod web-shop-verify deleted',
      'post-install ConfigMap web-shop-post-report created',
    ]);
    expect(at('pre-install Job web-shop-migrate deleted')).toBeLessThan(at('apply Deployment web-shop'));
    expect(at('apply Widget web-shop-banner')).toBeLessThan(at('post-install Job web-shop-notify created'));
    expect(events.at(-1)).toMatchObject({ outcome: 'succeeded', verified: true });
    // hook-succeeded deleted the Jobs; the default policy left the ConfigMaps; tests were never applied.
    expect(await get(`/apis/batch/v1/namespaces/${ns}/jobs/web-shop-migrate`)).toBeUndefined();
    expect(await get(`/apis/batch/v1/namespaces/${ns}/jobs/web-shop-notify`)).toBeUndefined();
    expect(await get(`/api/v1/namespaces/${ns}/pods/web-shop-verify`)).toBeUndefined();
    expect((await get(`/api/v1/namespaces/${ns}/configmaps/web-shop-post-report`)).data).toEqual({ release: 'web' });
    expect(await get(`/api/v1/namespaces/${ns}/pods/web-shop-test-connection`)).toBeUndefined();
    expect((await get(`/api/v1/namespaces/${ns}/configmaps/web-shop-archive`)).metadata.annotations['kapstan.io/keep']).toBe('true');

    // Nothing changes: diff sees no difference (hooks are not diffed) and a re-apply runs no hook.
    const again = synthShop(stack, ns, base);
    const diff = await kapstan(['diff', '--dir', again, '--kubeconfig', c.kubeconfig, '--output', 'json']);
    expect(diff.code).toBe(0);
    expect(ndjson(diff.stdout).at(-1)).toMatchObject({ toCreate: 0, toUpdate: 0, hooks: 7 });
    const noop = await apply(again);
    expect(noop.code).toBe(0);
    expect(ndjson(noop.stdout).filter((e) => e.type === 'hook')).toEqual([]);

    // A change is an upgrade: the pre-upgrade/post-upgrade hooks run; before-hook-creation replaces the old ConfigMap.
    const reportUid = (await get(`/api/v1/namespaces/${ns}/configmaps/web-shop-post-report`)).metadata.uid;
    const upgrade = await apply(synthShop(stack, ns, { ...base, values: { ...base.values, replicaCount: 3 } }));
    expect(upgrade.code).toBe(0);
    expect(ndjson(upgrade.stdout).filter((e) => e.type === 'hook' && e.action !== 'deleted').map((e) => `${e.event} ${e.name}`)).toEqual([
      'pre-upgrade web-shop-pre-settings', 'pre-upgrade web-shop-migrate', 'post-upgrade web-shop-notify', 'post-upgrade web-shop-verify', 'post-upgrade web-shop-post-report',
    ]);
    expect((await get(`/api/v1/namespaces/${ns}/configmaps/web-shop-post-report`)).metadata.uid).not.toBe(reportUid);

    // A failing pre-upgrade hook: the run fails naming it, and the Deployment is not changed.
    const failing = await apply(synthShop(stack, ns, { ...base, values: { ...base.values, replicaCount: 4, hooks: { failMigration: true } } }));
    expect(failing.code).toBe(1);
    expect(errors(failing.stdout)).toContain(`Job ${ns}/web-shop-migrate (pre-upgrade hook, weight -5) failed`);
    expect((await get(`/apis/apps/v1/namespaces/${ns}/deployments/web-shop`)).spec.replicas).toBe(3);
    // No hook-failed policy: the failed Job stays for inspection.
    expect(await get(`/apis/batch/v1/namespaces/${ns}/jobs/web-shop-migrate`)).toBeDefined();

    // A rollback to the last good revision runs the pre-rollback hook (only the settings have one).
    const back = await kapstan(['rollback', '--dir', again, '--kubeconfig', c.kubeconfig, '--output', 'json', '--yes']);
    expect(back.code).toBe(0);
    expect(ndjson(back.stdout).filter((e) => e.type === 'hook').map((e) => `${e.event} ${e.name} ${e.action}`)).toEqual(['pre-rollback web-shop-pre-settings created']);
    expect((await get(`/apis/apps/v1/namespaces/${ns}/deployments/web-shop`)).spec.replicas).toBe(3);

    // destroy: the pre-delete hook before any deletion, the post-delete one after the last; the
    // post-delete ConfigMap (no hook-succeeded) stays, kept with the set's parent.
    const gone = await kapstan(['destroy', '--dir', again, '--kubeconfig', c.kubeconfig, '--output', 'json', '--yes']);
    expect(gone.code).toBe(0);
    const steps = ndjson(gone.stdout).filter((e) => e.type === 'hook' || (e.type === 'destroy' && e.action === 'deleted'))
      .map((e) => (e.type === 'hook' ? `${e.event} ${e.name} ${e.action}` : 'deleted'));
    expect(steps.slice(0, 2)).toEqual(['pre-delete web-shop-backup created', 'pre-delete web-shop-backup deleted']);
    expect(steps.at(-1)).toBe('post-delete web-shop-cleanup created');
    expect(steps.filter((x) => x === 'deleted').length).toBeGreaterThan(5);
    expect(await get(`/apis/apps/v1/namespaces/${ns}/deployments/web-shop`)).toBeUndefined();
    expect(await get(`/apis/batch/v1/namespaces/${ns}/jobs/web-shop-backup`)).toBeUndefined();
    expect((await get(`/api/v1/namespaces/${ns}/configmaps/web-shop-cleanup`)).data).toEqual({ note: 'removed after uninstall' });
    expect(ndjson(gone.stdout).at(-1).objects).toEqual(expect.arrayContaining([{ kind: 'ConfigMap', namespace: ns, name: 'web-shop-cleanup', action: 'kept' }]));
  });
});
