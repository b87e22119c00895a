// Waits that know the cluster: a pod the scheduler cannot place waits for capacity while the
// cluster can grow, and fails only when nothing will make it schedulable; a crash loop is
// certain after a number of restarts, not at the first.
import { assess, diagnose, podProblem } from '../../../../engine/status';
import { DEFAULT_CRASH_LOOP_RESTARTS } from '../../../../engine/status/pod-problem';

const unschedulable = (over: object = {}) => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'trainer-0', uid: 'pod-uid', ownerReferences: [{ uid: 'sts-uid', controller: true }], labels: { 'controller-revision-hash': 'r1' } },
  spec: { containers: [{ name: 'train' }] },
  status: {
    phase: 'Pending',
    conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.' }],
    ...over,
  },
});
const statefulSet = {
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'trainer', uid: 'sts-uid', generation: 1 },
  spec: { replicas: 1 }, status: { observedGeneration: 1, replicas: 1, readyReplicas: 0, updateRevision: 'r1', currentRevision: 'r1' },
};
const event = (reason: string, message: string, at: string, type = 'Normal') => ({
  type, reason, message, involvedObject: { kind: 'Pod', name: 'trainer-0', uid: 'pod-uid' }, lastTimestamp: at,
});

describe('an unschedulable pod', () => {
  it('on a cluster that cannot grow is a certain failure (as before)', () => {
    const d = diagnose(statefulSet, { pods: [unschedulable()], events: [] });
    expect(d.failure).toMatchObject({ reason: 'Unschedulable', certain: true });
  });

  it('while the cluster autoscaler scales up for it: waiting for capacity, with its message and the scheduler\'s', () => {
    const events = [event('TriggeredScaleUp', 'pod triggered scale-up: [{gpu-pool 0->1 (max: 4)}]', '2026-12-02T10:00:05Z')];
    const d = diagnose(statefulSet, { pods: [unschedulable()], events });
    expect(d.failure).toBeUndefined();
    expect(d.problems[0]).toMatchObject({
      reason: 'WaitingForCapacity', certain: false,
      message: 'TriggeredScaleUp: pod triggered scale-up: [{gpu-pool 0->1 (max: 4)}]; scheduler: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.',
    });
    const a = assess(statefulSet, { pods: [unschedulable()], replicaSets: [], events });
    expect(a.status).toBe('InProgress');
    expect(a.message).toMatch(/^waiting for capacity: .*; pod trainer-0: WaitingForCapacity: TriggeredScaleUp/);
  });

  it('once the autoscaler says it will not scale up for it: certain, saying why', () => {
    const events = [
      event('TriggeredScaleUp', 'pod triggered scale-up', '2026-12-02T10:00:05Z'),
      event('NotTriggerScaleUp', "pod didn't trigger scale-up: 1 max node group size reached", '2026-12-02T10:01:00Z'),
    ];
    const d = diagnose(statefulSet, { pods: [unschedulable()], events });
    expect(d.failure).toMatchObject({ reason: 'Unschedulable', certain: true });
    expect(d.failure!.message).toBe("0/3 nodes are available: 3 Insufficient nvidia.com/gpu.; autoscaler: NotTriggerScaleUp: pod didn't trigger scale-up: 1 max node group size reached");
  });

  it('Karpenter nominating a node claim for it, or a nominated node: waiting', () => {
    const karpenter = [event('Nominated', 'Pod should schedule on: nodeclaim/gpu-x7k2p', '2026-12-02T10:00:05Z')];
    expect(diagnose(statefulSet, { pods: [unschedulable()], events: karpenter }).failure).toBeUndefined();
    expect(diagnose(statefulSet, { pods: [unschedulable({ nominatedNodeName: 'node-7' })], events: [] }).problems[0])
      .toMatchObject({ reason: 'WaitingForCapacity', certain: false });
  });

  it('no NodePool can ever fit it (Karpenter): certain', () => {
    const events = [event('FailedScheduling', 'Failed to schedule pod, incompatible with nodepool "default", incompatible requirements', '2026-12-02T10:00:05Z', 'Warning')];
    expect(diagnose(statefulSet, { pods: [unschedulable()], events }, { clusterCanGrow: true }).failure).toMatchObject({ certain: true });
  });

  it('when the stack says the cluster can grow (or an autoscaler was found): waiting, until the timeout', () => {
    const d = diagnose(statefulSet, { pods: [unschedulable()], events: [] }, { clusterCanGrow: true });
    expect(d.failure).toBeUndefined();
    expect(d.problems[0].message).toBe('the cluster can add nodes; scheduler: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.');
  });

  it('another pod\'s autoscaler events say nothing about this one', () => {
    const other = { ...event('TriggeredScaleUp', 'scale-up', '2026-12-02T10:00:05Z'), involvedObject: { kind: 'Pod', name: 'other', uid: 'other-uid' } };
    expect(diagnose(statefulSet, { pods: [unschedulable()], events: [other] }).failure).toMatchObject({ certain: true });
  });
});

describe('a crash loop', () => {
  const crashing = (restarts: number) => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api-1' },
    status: { phase: 'Running', containerStatuses: [{ name: 'api', restartCount: restarts, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, reason: 'Error' } } }] },
  });

  it(`is certain after ${DEFAULT_CRASH_LOOP_RESTARTS} restarts, not at the first (a dependency may still be starting)`, () => {
    expect(DEFAULT_CRASH_LOOP_RESTARTS).toBe(3);
    expect(podProblem(crashing(1))).toMatchObject({ reason: 'CrashLoopBackOff', certain: false });
    expect(podProblem(crashing(2))).toMatchObject({ certain: false });
    expect(podProblem(crashing(3))).toMatchObject({ certain: true });
  });

  it('the number is configurable (--crash-loop-restarts)', () => {
    expect(podProblem(crashing(1), { crashLoopRestarts: 1 })).toMatchObject({ certain: true });
    expect(podProblem(crashing(5), { crashLoopRestarts: 10 })).toMatchObject({ certain: false });
  });
});
