import { eventMatters, reducedForTracking } from '../../../../engine/track/reduce';
import { assess, computeStatus } from '../../../../engine/status';

const managedFields = [{ manager: 'kapstan', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }];

const deployment = {
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: {
    name: 'web', namespace: 'shop', uid: 'd1', generation: 2, managedFields,
    labels: { app: 'web' },
    annotations: { 'deployment.kubernetes.io/revision': '2', 'kapstan.io/timeout': '2m', 'kubectl.kubernetes.io/last-applied-configuration': '{"big":"json"}' },
  },
  spec: {
    replicas: 2, paused: false, strategy: { type: 'RollingUpdate' }, selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx', env: [{ name: 'A', value: 'x'.repeat(1000) }] }] } },
  },
  status: { observedGeneration: 2, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 },
};

describe('reducedForTracking: what the tracker keeps of a watched object', () => {
  test('a Deployment keeps what its rule reads, without managedFields, pod template or last-applied annotation', () => {
    const r = reducedForTracking(structuredClone(deployment));
    expect(r.metadata).toEqual({ name: 'web', namespace: 'shop', uid: 'd1', generation: 2, labels: { app: 'web' }, annotations: { 'deployment.kubernetes.io/revision': '2', 'kapstan.io/timeout': '2m' } });
    expect(r.spec).toEqual({ replicas: 2, paused: false, strategy: { type: 'RollingUpdate' }, selector: { matchLabels: { app: 'web' } } });
    expect(r.status).toEqual(deployment.status);
    expect(JSON.stringify(r).length).toBeLessThan(JSON.stringify(deployment).length / 3);
  });

  test('the status rules give the same verdict on the reduced object', () => {
    for (const status of [deployment.status, { ...deployment.status, updatedReplicas: 1, availableReplicas: 1 }, { observedGeneration: 1 }]) {
      const full = { ...structuredClone(deployment), status };
      expect(computeStatus(reducedForTracking(structuredClone(full)))).toEqual(computeStatus(full));
      expect(assess(reducedForTracking(structuredClone(full)), { pods: [], replicaSets: [], events: [] })).toEqual(assess(full, { pods: [], replicaSets: [], events: [] }));
    }
  });

  test('a Secret or ConfigMap is kept without its data; a CronJob without its job template', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'shop' }, type: 'Opaque', data: { password: 'aHVudGVyMg==' }, stringData: { a: 'b' } };
    expect(reducedForTracking(secret)).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'shop' }, type: 'Opaque' });
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'v' }, binaryData: { b: 'AA==' } };
    expect(reducedForTracking(cm)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    const cron = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'j' }, spec: { schedule: '* * * * *', suspend: true, jobTemplate: { spec: {} } }, status: {} };
    expect(reducedForTracking(cron).spec).toEqual({ schedule: '* * * * *', suspend: true });
  });

  test('a pod keeps its spec (its rule counts the containers) and status', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', managedFields }, spec: { containers: [{ name: 'a' }, { name: 'b' }] }, status: { phase: 'Running' } };
    expect(reducedForTracking(pod)).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: pod.spec, status: pod.status });
  });

  test('the watched object itself is left as it was (the reduced one is a new object)', () => {
    const d = structuredClone(deployment);
    reducedForTracking(d);
    expect(d).toEqual(deployment);
  });
});

describe('eventMatters: the events the tracker keeps', () => {
  const event = (type: string, reason: string) => ({ apiVersion: 'v1', kind: 'Event', type, reason, involvedObject: { kind: 'Pod', name: 'p' } });
  test('Warnings and the autoscalers\' Normal events are kept; other Normal events are not', () => {
    expect(eventMatters(event('Warning', 'BackOff'))).toBe(true);
    expect(eventMatters(event('Warning', 'FailedScheduling'))).toBe(true);
    expect(eventMatters(event('Normal', 'TriggeredScaleUp'))).toBe(true);
    expect(eventMatters(event('Normal', 'NotTriggerScaleUp'))).toBe(true);
    expect(eventMatters(event('Normal', 'Nominated'))).toBe(true);
    expect(eventMatters(event('Normal', 'ScalingReplicaSet'))).toBe(false);
    expect(eventMatters(event('Normal', 'Scheduled'))).toBe(false);
  });
});
