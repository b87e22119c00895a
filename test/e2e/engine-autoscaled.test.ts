// A Deployment that leaves its replicas to an autoscaler starts with one; `apply` reports success
// only once the autoscaler has raised it to its minimum and those replicas are available, and
// reports the new pods' failure when they cannot run.
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

  /** A Deployment without replicas (the autoscaler owns them) and its autoscaler. */
  const autoscaled = (name: string, minReplicas: number) => {
    const web: any = deployment(ns, name);
    delete web.spec.replicas;
    const hpa = {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name, namespace: ns },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, minReplicas, maxReplicas: minReplicas + 2,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
    };
    return [web, hpa];
  };

  it('apply waits until the minimum of 3 replicas is available', async () => {
    const dist = writeStack('autoscaled', ns, [namespace(ns), ...autoscaled('web', 3)]);
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

  it('when the new replicas cannot be scheduled, apply fails naming a pending pod', async () => {
    // One replica per node at most: the minimum is one more than there are nodes.
    const nodes = await client.list('/api/v1/nodes');
    const [web, hpa] = autoscaled('spread', nodes.length + 1);
    web.spec.template.spec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [
      { labelSelector: { matchLabels: web.spec.selector.matchLabels }, topologyKey: 'kubernetes.io/hostname' }] } };
    // The namespace is stack "autoscaled"'s: this stack only uses it.
    const dist = writeStack('spread', ns, [web, hpa]);
    const r = await kapstan(['apply', '--dir', dist, '--kubeconfig', c.kubeconfig, '--output', 'json']);
    expect(r.code).toBe(1);
    const objects: any[] = ndjson(r.stdout).at(-1).objects;
    expect(objects.find((o) => o.kind === 'Deployment')).toMatchObject({ status: 'Current' });
    const failed = objects.find((o) => o.kind === 'HorizontalPodAutoscaler');
    expect(failed.status).toBe('Failed');
    const named = /^pod (spread-\S+): Unschedulable: .*didn't match pod anti-affinity rules/.exec(failed.message);
    expect(named).not.toBeNull();
    const pending = await client.request('GET', `/api/v1/namespaces/${ns}/pods/${named![1]}`);
    expect(pending.status.phase).toBe('Pending');
  });
});
