// Without --dir the commands synthesize the app (cdk8s.yaml's examples) first: apply an example
// stack with live tracking until Current, then diff is clean and destroy removes it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeClient } from '../../engine/client';
import { engineCluster, ClusterInfo } from './engine-cluster';
import { kapstan, ndjson } from './engine-fixtures';

jest.setTimeout(300_000);

describe('engine: the example app, synthesized on the fly', () => {
  const clusterOf = engineCluster({ shared: true });
  let c: ClusterInfo;
  let client: KubeClient;

  beforeAll(async () => {
    c = clusterOf();
    client = await KubeClient.connect({ kubeconfig: c.kubeconfig });
  });
  afterAll(() => client?.close());

  it('apply --stack web reaches Current; diff is then clean; destroy removes it', async () => {
    const r = await kapstan(['apply', '--stack', 'web', '--kubeconfig', c.kubeconfig, '--yes', '--output', 'json']);
    expect(r.code).toBe(0);
    const sum = ndjson(r.stdout).at(-1);
    expect(sum).toMatchObject({ type: 'summary', stack: 'web', outcome: 'succeeded', failed: 0 });
    expect(sum.created + sum.unchanged + sum.updated).toBeGreaterThan(5);
    for (const o of sum.objects) expect(o.status).toBe('Current');
    const deploy = sum.objects.find((o: any) => o.kind === 'Deployment');
    const live = await client.request('GET', `/apis/apps/v1/namespaces/${deploy.namespace}/deployments/${deploy.name}`);
    expect(live.status.readyReplicas).toBeGreaterThan(0);

    const d = await kapstan(['diff', '--stack', 'web', '--kubeconfig', c.kubeconfig]);
    expect(d.code).toBe(0);

    const x = await kapstan(['destroy', '--stack', 'web', '--kubeconfig', c.kubeconfig, '--yes', '--output', 'json']);
    expect(x.code).toBe(0);
    expect(ndjson(x.stdout).at(-1).deleted).toBe(sum.objects.length - ndjson(x.stdout).at(-1).kept);
    expect(await client.request('GET', `/apis/apps/v1/namespaces/${deploy.namespace}/deployments/${deploy.name}`, { allow: [404] })).toBeUndefined();
  });

  it('every example stack re-applies without a single write (no-op detection on real constructs)', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-examples-'));
    const synth = await kapstan(['synth', '-o', out]);
    expect(synth.code).toBe(0);
    const stacks = fs.readdirSync(out).filter((d) => fs.existsSync(path.join(out, d, 'index.json')));
    expect(stacks.length).toBeGreaterThan(3);
    for (const stack of stacks) {
      const dir = path.join(out, stack);
      const first = await kapstan(['apply', '--dir', dir, '--kubeconfig', c.kubeconfig, '--no-wait', '--output', 'json']);
      expect({ stack, code: first.code, stderr: first.stderr }).toEqual({ stack, code: 0, stderr: '' });
      const again = ndjson((await kapstan(['apply', '--dir', dir, '--kubeconfig', c.kubeconfig, '--no-wait', '--output', 'json'])).stdout).at(-1);
      const written = again.objects.filter((o: any) => o.action !== 'unchanged').map((o: any) => `${o.kind} ${o.name}`);
      expect({ stack, written }).toEqual({ stack, written: [] });
    }
    fs.rmSync(out, { recursive: true, force: true });
  });
});
