import { assess } from '../../../../engine/status';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api', uid: 'd1', generation: 1, annotations: { 'deployment.kubernetes.io/revision': '1' } },
  spec: { replicas: 1 },
  status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 0, readyReplicas: 0 },
};
const rs = { kind: 'ReplicaSet', metadata: { name: 'api-rs', uid: 'rs1', annotations: { 'deployment.kubernetes.io/revision': '1' }, ownerReferences: [{ uid: 'd1', controller: true }] } };
const pod = (status: object) => ({ kind: 'Pod', metadata: { name: 'api-rs-x', uid: 'p1', ownerReferences: [{ uid: 'rs1', controller: true }] }, status });
const related = (pods: object[], events: object[] = []) => ({ pods, replicaSets: [rs], events });

describe('assess', () => {
  it('turns an in-progress workload with a certain pod problem into Failed naming the pod', () => {
    const a = assess(deployment, related([pod({ phase: 'Running', containerStatuses: [{ name: 'app', restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, reason: 'Error' } } }] })]));
    expect(a).toMatchObject({ status: 'Failed', reason: 'CrashLoopBackOff', pod: 'api-rs-x' });
    expect(a.message).toBe('pod api-rs-x: CrashLoopBackOff: container app keeps crashing: restarts 5, last exit code 1 (Error)');
  });

  it('keeps an uncertain problem and the newest warning in the message of an in-progress workload', () => {
    const events = [{ type: 'Warning', reason: 'Failed', message: 'pull failed', count: 1, involvedObject: { kind: 'Pod', name: 'api-rs-x', uid: 'p1' } }];
    const a = assess(deployment, related([pod({ phase: 'Pending', containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ErrImagePull', message: 'not found' } } }] })], events));
    expect(a.status).toBe('InProgress');
    expect(a.message).toBe('0 of 1 updated replicas available; pod api-rs-x: ErrImagePull: not found; warning Pod/api-rs-x Failed: pull failed');
    expect(a.warnings).toHaveLength(1);
  });

  it('names the last failed pod of a failed Job in the message and in pod', () => {
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', uid: 'j1' }, spec: { completions: 1 },
      status: { failed: 1, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }] } };
    const failedPod = { kind: 'Pod', metadata: { name: 'migrate-abc', uid: 'p9', creationTimestamp: '2026-01-01T00:00:00Z', ownerReferences: [{ uid: 'j1', controller: true }] },
      status: { phase: 'Failed', containerStatuses: [{ name: 'main', state: { terminated: { exitCode: 137, reason: 'OOMKilled' } } }] } };
    const a = assess(job, { pods: [failedPod], replicaSets: [], events: [] });
    expect(a).toMatchObject({ status: 'Failed', reason: 'BackoffLimitExceeded', pod: 'migrate-abc' });
    expect(a.message).toBe('BackoffLimitExceeded: Job has reached the specified backoff limit; pod migrate-abc: exit code 137 (OOMKilled)');
  });

  describe('an autoscaler raising its Deployment to the minimum', () => {
    const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'api', uid: 'h1' }, spec: { minReplicas: 3 },
      status: { currentReplicas: 1, desiredReplicas: 3, conditions: [{ type: 'AbleToScale', status: 'True' }] } };
    const scaled = { ...deployment, spec: { replicas: 3 }, status: { ...deployment.status, replicas: 3, availableReplicas: 1 } };
    const unschedulable = pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/2 nodes are available' }] });

    it('fails naming the new pod that cannot run', () => {
      const a = assess(hpa, related([unschedulable]), { scaleTarget: scaled });
      expect(a).toMatchObject({ status: 'Failed', reason: 'Unschedulable', pod: 'api-rs-x' });
    });

    it('before the autoscaler reports, leaves the pods to the Deployment\'s own row', () => {
      const a = assess({ ...hpa, status: {} }, related([unschedulable]), { scaleTarget: scaled });
      expect(a).toMatchObject({ status: 'InProgress', message: 'waiting for the autoscaler to report' });
    });
  });

  it('attaches Warning events to kinds without pods', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb', uid: 's1' }, spec: { type: 'LoadBalancer' }, status: {} };
    const events = [{ type: 'Warning', reason: 'SyncLoadBalancerFailed', message: 'no quota', involvedObject: { kind: 'Service', name: 'lb', uid: 's1' } }];
    const a = assess(svc, { pods: [], replicaSets: [], events });
    expect(a.status).toBe('InProgress');
    expect(a.message).toBe('waiting for a load balancer address; warning Service/lb SyncLoadBalancerFailed: no quota');
  });

  it('is the plain rule without related objects, NotFound without the object', () => {
    expect(assess(deployment, undefined)).toMatchObject({ status: 'InProgress', message: '0 of 1 updated replicas available', warnings: [] });
    expect(assess(undefined, related([]))).toMatchObject({ status: 'NotFound' });
  });
});
