import { computeStatus } from '../../../../engine/status';

describe('DaemonSet status', () => {
  const ds = (status: object) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', generation: 1 }, spec: {}, status: { observedGeneration: 1, ...status } });

  it('is InProgress while pods are not updated', () => {
    const r = computeStatus(ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 2, numberAvailable: 3, numberReady: 3 }));
    expect(r).toMatchObject({ status: 'InProgress', message: '2 of 3 pods updated' });
  });

  it('is InProgress while pods are not available', () => {
    const r = computeStatus(ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 1, numberReady: 1 }));
    expect(r).toMatchObject({ status: 'InProgress', message: '1 of 3 pods available', ready: 1, desired: 3 });
  });

  it('is Current when desired = updated = available', () => {
    expect(computeStatus(ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3, numberReady: 3 })).status).toBe('Current');
  });

  it('is InProgress before the controller reports', () => {
    expect(computeStatus({ ...ds({}), status: {} }).status).toBe('InProgress');
  });
});

describe('ReplicaSet status', () => {
  const rs = (status: object, replicas = 2) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'api-1', generation: 1 }, spec: { replicas }, status: { observedGeneration: 1, ...status } });

  it('is Current when all replicas are ready and available', () => {
    expect(computeStatus(rs({ replicas: 2, readyReplicas: 2, availableReplicas: 2 })).status).toBe('Current');
  });

  it('is InProgress while replicas are not ready', () => {
    expect(computeStatus(rs({ replicas: 2, readyReplicas: 1, availableReplicas: 1 }))).toMatchObject({ status: 'InProgress', ready: 1 });
  });

  it('is InProgress with extra replicas', () => {
    expect(computeStatus(rs({ replicas: 3, readyReplicas: 2, availableReplicas: 2 })).message).toMatch(/1 extra/);
  });

  it('reports a replica failure without failing (the controller retries)', () => {
    const r = computeStatus(
      rs({ replicas: 0, conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'exceeded quota' }] }),
    );
    expect(r.status).toBe('InProgress');
    expect(r.message).toMatch(/FailedCreate: exceeded quota/);
  });
});
