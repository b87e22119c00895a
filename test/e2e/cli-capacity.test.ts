// Waits that know the cluster, on the dev cluster: a pod no node can take yet waits for capacity
// while the cluster can grow, and apply succeeds once a node arrives; an autoscaler that says it
// will not scale up makes the failure certain. The test plays the autoscaler's part: it records
// the events a cluster autoscaler records on the pod and adds the node a node group would.
import { KubeClient } from '../../engine/client';
import { markAutoscaled, usePoolCluster } from './capacity-fixtures';
import type { ClusterInfo } from './engine-cluster';
import { deployment, kapstan, namespace, ndjson, RunResult, uniqueNs, writeStack } from './engine-fixtures';
import { eventually } from './harness';

jest.setTimeout(240_000);

describe('waiting for capacity', () => {
  const pools = usePoolCluster();
  let c: ClusterInfo;
  let client: KubeClient;
  beforeAll(() => ({ cluster: c, client } = pools()));

  /** A Deployment only a node of `pool` can run; the stack's index.json says whether the cluster grows. */
  function poolStack(stack: string, ns: string, pool: string, capacity?: 'autoscaled') {
    const dist = writeStack(stack, ns, [namespace(ns), deployment(ns, 'burst', 'nginx:1.27', { nodeSelector: { pool } })]);
    if (capacity) markAutoscaled(dist, stack);
    return dist;
  }

  const pendingPod = (ns: string) => eventually('the pod is pending', async () =>
    (await client.list(`/api/v1/namespaces/${ns}/pods`)).find((p) => p.status?.conditions?.some((x: any) => x.reason === 'Unschedulable')));

  /** An event on the pod as the cluster autoscaler records it. */
  const autoscalerSays = (ns: string, pod: any, reason: string, message: string) => client.request('POST', `/api/v1/namespaces/${ns}/events`, {
    body: {
      apiVersion: 'v1', kind: 'Event', metadata: { generateName: `${pod.metadata.name}.` },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, namespace: ns, uid: pod.metadata.uid },
      reason, message, type: 'Normal', source: { component: 'cluster-autoscaler' },
      firstTimestamp: new Date().toISOString(), lastTimestamp: new Date().toISOString(), count: 1,
    },
  });

  const statusEvents = (r: RunResult) => ndjson(r.stdout).filter((e) => e.type === 'status' && e.kind === 'Deployment');

  it('the stack says the cluster grows: the pending pod waits for capacity, and apply succeeds once a node comes', async () => {
    const ns = uniqueNs('e2e-grow');
    const pool = `burst-${ns.slice(-6)}`;
    const dist = poolStack('grow', ns, pool, 'autoscaled');
    let out = '';
    const run = kapstan(['apply', '--dir', dist, '--kubeconfig', c.kubeconfig, '--output', 'json', '--timeout', '3m'], {},
      (child) => child.stdout!.on('data', (d) => { out += d; }));
    // The tracker sees the pod waiting (the stack says the cluster grows), not failed.
    await eventually('the rollout waits for capacity', async () => /WaitingForCapacity: the cluster can add nodes/.test(out));
    const pod = await pendingPod(ns);
    await autoscalerSays(ns, pod, 'TriggeredScaleUp', `pod triggered scale-up: [{${pool} 0->1 (max: 3)}]`);
    await eventually('the autoscaler\'s scale-up is shown', async () => /WaitingForCapacity: TriggeredScaleUp: pod triggered scale-up/.test(out));
    // `kapstan status` meanwhile says the same: waiting, not failed.
    const st = await kapstan(['status', '--dir', dist, '--kubeconfig', c.kubeconfig, '--output', 'json']);
    expect(st.code).toBe(1);
    expect(ndjson(st.stdout).find((e) => e.type === 'status' && e.kind === 'Deployment')).toMatchObject({
      status: 'InProgress', message: expect.stringMatching(/^waiting for capacity: .*WaitingForCapacity: TriggeredScaleUp/),
    });
    // The node group's new node.
    await pools.addNode(pool);

    const r = await run;
    expect(r.code).toBe(0);
    const waiting = statusEvents(r).filter((e) => /WaitingForCapacity/.test(e.message));
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.map((e) => e.message).join('\n')).toMatch(/pod burst-[a-z0-9]+-[a-z0-9]+: WaitingForCapacity: TriggeredScaleUp: pod triggered scale-up: \[\{burst-\S+ 0->1 \(max: 3\)\}\]; scheduler: 0\/\d+ nodes are available/);
    expect(statusEvents(r).some((e) => e.status === 'Failed')).toBe(false);
    expect(ndjson(r.stdout).at(-1)).toMatchObject({ outcome: 'succeeded', failed: 0 });
  });

  it('once the autoscaler says it will not scale up for the pod, the failure is certain and says how to wait anyway', async () => {
    const ns = uniqueNs('e2e-noscale');
    const dist = poolStack('noscale', ns, `never-${ns.slice(-6)}`, 'autoscaled');
    let out = '';
    const run = kapstan(['apply', '--dir', dist, '--kubeconfig', c.kubeconfig, '--timeout', '3m'], {},
      (child) => child.stdout!.on('data', (d) => { out += d; }));
    await eventually('the rollout waits for capacity', async () => /WaitingForCapacity/.test(out));
    const pod = await pendingPod(ns);
    await autoscalerSays(ns, pod, 'TriggeredScaleUp', 'pod triggered scale-up: [{pool-a 0->1 (max: 1)}]');
    // Later the autoscaler finds the group at its maximum (events are stamped to the second).
    await new Promise((r) => setTimeout(r, 1500));
    await autoscalerSays(ns, pod, 'NotTriggerScaleUp', "pod didn't trigger scale-up: 1 max node group size reached");
    const r = await run;
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ Deployment \S+\/burst {2}Failed {2}Unschedulable\n {4}why {5}0\/\d+ nodes are available: .*; autoscaler: NotTriggerScaleUp: pod didn't trigger scale-up: 1 max node group size reached\n/);
    expect(r.stdout).toMatch(/--fail-fast=false +# wait for failing objects to recover until --timeout instead/);
  });
});
