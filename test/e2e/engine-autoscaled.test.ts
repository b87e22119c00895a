// A Deployment that leaves its replicas to an autoscaler starts with one; `apply` reports success
// only once the autoscaler has raised it to its minimum and those replicas are available.
import { KubeClient } from '../../engine/client';
import { engineCluster, ClusterInfo } from './engine-cluster';
import { deployment, kapstan, namespace, ndjson, uniqueNs, writeStack } from './engine-fixtures';

jest.setTimeout(240_000);

describe('engine: a Deployment scaled by an autoscaler', () => {
  const clusterOf = engineCluster({ shared: true });
  let c: ClusterInfo;
  let client: KubeClient;
  const ns = uniqueNs('e2e-hpa');

  beforeAll(async () => {
    c = clusterOf();
    client = await KubeClient.connect({ kubeconfig: c.kubeconfig });
  });
  afterAll(() => client?.close());

  it('apply waits until the minimum of 3 replicas is available', async () => {
    const web = deployment(ns, 'web');
    delete (web.spec as { replicas?: number }).replicas; // the autoscaler owns it
    const hpa = {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: ns },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 3, maxReplicas: 5,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
    };
    const dist = writeStack('autoscaled', ns, [namespace(ns), web, hpa]);
    const r = await kapstan(['apply', '--dir', dist, '--kubeconfig', c.kubeconfig, '--output', 'json']);
    expect(r.code).toBe(0);
    // On the way, the autoscaler's row said what it waited for.
    const messages: string[] = ndjson(r.stdout).filter((e) => e.type === 'status' && e.kind === 'HorizontalPodAutoscaler').map((e) => e.message);
    expect(messages.some((m) => /^(waiting for the autoscaler to scale Deployment web up to its minimum of 3|Deployment web: [0-2] available)/.test(m))).toBe(true);
    expect(messages.at(-1)).toMatch(/^Deployment web: 3 available \(the autoscaler's minimum is 3\)/);
    const live = await client.request('GET', `/apis/apps/v1/namespaces/${ns}/deployments/web`);
    expect(live.spec.replicas).toBe(3);
    expect(live.status.availableReplicas).toBeGreaterThanOrEqual(3);
  });
});
