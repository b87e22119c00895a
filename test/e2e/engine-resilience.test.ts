// A 1,000-object apply killed half-way converges on re-run (nothing lost, nothing duplicated);
// an apply survives a kube-apiserver restart by retrying.
import { KubeClient } from '../../engine/client';
import { applySetId, parentName } from '../../engine/applyset';
import { engineCluster, ClusterInfo } from './engine-cluster';
import { bigStack, kapstan, ndjson, uniqueNs, writeStack } from './engine-fixtures';

jest.setTimeout(600_000);

const KINDS = [['/api/v1', 'configmaps'], ['/api/v1', 'services'], ['/api/v1', 'serviceaccounts'], ['/apis/apps/v1', 'deployments']];

async function members(client: KubeClient, ns: string, stack: string): Promise<string[]> {
  const id = applySetId(parentName(stack), ns);
  const names: string[] = [];
  for (const [prefix, res] of KINDS) {
    const items = await client.list(`${prefix}/namespaces/${ns}/${res}`, { labelSelector: `applyset.kubernetes.io/part-of=${id}` });
    for (const it of items) names.push(`${res}/${it.metadata.name}`);
  }
  return names.sort();
}

function expectedNames(objects: any[]): string[] {
  const res: Record<string, string> = { ConfigMap: 'configmaps', Service: 'services', ServiceAccount: 'serviceaccounts', Deployment: 'deployments' };
  return objects.filter((o) => res[o.kind]).map((o) => `${res[o.kind]}/${o.metadata.name}`).sort();
}

/** Runs apply and calls `at` once `after` objects were reported applied. */
function applyWith(dist: string, c: ClusterInfo, after: number, at: (kill: () => void) => void | Promise<void>) {
  let seen = 0;
  let fired = false;
  return kapstan(['apply', '--dir', dist, '--kubeconfig', c.kubeconfig, '--no-wait', '--output', 'json', '--concurrency', '8'], {}, (child) => {
    child.stdout!.on('data', (d: Buffer) => {
      seen += (d.toString().match(/"type":"apply"/g) ?? []).length;
      if (!fired && seen >= after) {
        fired = true;
        void at(() => child.kill('SIGKILL'));
      }
    });
  });
}

describe('engine: resilience', () => {
  const clusterOf = engineCluster({ shared: false });
  let c: ClusterInfo;
  let client: KubeClient;

  beforeAll(async () => {
    c = clusterOf();
    client = await KubeClient.connect({ kubeconfig: c.kubeconfig });
  });
  afterAll(() => client?.close());

  it('kill in the middle of a 1,000-object apply, re-run: converges, nothing duplicated or lost', async () => {
    const ns = uniqueNs('e2e-kill');
    const objects = bigStack(ns, 1000);
    const dist = writeStack('kill', ns, objects);
    const killed = await applyWith(dist, c, 300, (kill) => kill());
    expect(killed.code).not.toBe(0);
    const partial = await members(client, ns, 'kill');
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(999);

    // The killed run could not hand its lock back: the re-run waits until the lock expires.
    const again = await kapstan(['apply', '--dir', dist, '--kubeconfig', c.kubeconfig, '--no-wait', '--output', 'json', '--wait-for-lock']);
    expect(again.stderr).toBe('');
    expect(ndjson(again.stdout).filter((e) => e.type === 'warning').map((e) => e.message)).toEqual([
      expect.stringMatching(/^waiting for the lock of stack kill: held by .* running "apply" since /)]);
    expect(again.code).toBe(0);
    const sum = ndjson(again.stdout).at(-1);
    expect(sum.created + sum.updated + sum.unchanged).toBe(1000);
    expect(sum.unchanged).toBeGreaterThanOrEqual(partial.length - 16); // the killed run's writes are recognised
    const all = await members(client, ns, 'kill');
    expect(all).toEqual(expectedNames(objects));
    expect(new Set(all).size).toBe(all.length);

    const third = ndjson((await kapstan(['apply', '--dir', dist, '--kubeconfig', c.kubeconfig, '--no-wait', '--output', 'json'])).stdout).at(-1);
    expect(third).toMatchObject({ created: 0, updated: 0, unchanged: 1000 });
  });

  it('restart kube-apiserver in the middle of an apply: it retries and completes', async () => {
    const ns = uniqueNs('e2e-restart');
    const objects = bigStack(ns, 1000);
    const dist = writeStack('restart', ns, objects);
    let restarted: Promise<void> | undefined;
    const r = await applyWith(dist, c, 200, () => { restarted = c.restartApiServer(3000); });
    await restarted;
    expect(restarted).toBeDefined();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/retrying in \d+ ms/);
    const sum = ndjson(r.stdout).at(-1);
    expect(sum).toMatchObject({ type: 'summary', outcome: 'succeeded' });
    expect(sum.created + sum.updated + sum.unchanged).toBe(1000);
    expect(await members(client, ns, 'restart')).toEqual(expectedNames(objects));
  });
});
