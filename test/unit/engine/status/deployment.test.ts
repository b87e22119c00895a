import { computeStatus } from '../../../../engine/status';

function deployment(spec: object, status: object, generation = 2, annotations: Record<string, string> = {}) {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', generation, annotations }, spec: { replicas: 3, ...spec }, status };
}

describe('Deployment status', () => {
  it('is InProgress until the controller observes the latest generation', () => {
    const r = computeStatus(deployment({}, { observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 3, readyReplicas: 3 }));
    expect(r.status).toBe('InProgress');
    expect(r.message).toMatch(/generation 2/);
  });

  it('is InProgress while replicas are being updated', () => {
    const r = computeStatus(deployment({}, { observedGeneration: 2, replicas: 3, updatedReplicas: 1, availableReplicas: 2, readyReplicas: 2 }));
    // 2 old replicas still serve; the 1 new one is not available yet: READY 0/3 +2 old, not 2/3.
    expect(r).toMatchObject({ status: 'InProgress', ready: 0, desired: 3, old: 2 });
    expect(r.message).toBe('1 of 3 replicas updated');
  });

  it('is InProgress while old replicas remain', () => {
    const r = computeStatus(deployment({}, { observedGeneration: 2, replicas: 4, updatedReplicas: 3, availableReplicas: 3, readyReplicas: 3 }));
    expect(r.status).toBe('InProgress');
    expect(r.message).toBe('1 old replica pending termination');
    // A surge never shows as 4/3.
    expect(r).toMatchObject({ ready: 2, desired: 3, old: 1 });
  });

  it('is InProgress while updated replicas are not yet available', () => {
    const r = computeStatus(deployment({}, { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 2, readyReplicas: 2 }));
    expect(r.status).toBe('InProgress');
    expect(r.message).toBe('2 of 3 updated replicas available');
  });

  it('names a replica failure (quota) while in progress', () => {
    const r = computeStatus(
      deployment({}, {
        observedGeneration: 2,
        replicas: 0,
        updatedReplicas: 0,
        conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'pods "api-1" is forbidden: exceeded quota: q' }],
      }),
    );
    expect(r.status).toBe('InProgress');
    expect(r.message).toBe('0 of 3 replicas updated (FailedCreate: pods "api-1" is forbidden: exceeded quota: q)');
  });

  it('is Current once every replica is updated and available', () => {
    const r = computeStatus(deployment({}, { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3, readyReplicas: 3 }));
    expect(r).toMatchObject({ status: 'Current', ready: 3, desired: 3 });
    expect(r.old).toBeUndefined();
  });

  it('a rollout whose new pods fail shows the old replicas apart, not 3/3', () => {
    const r = computeStatus(deployment({}, { observedGeneration: 2, replicas: 4, updatedReplicas: 1, availableReplicas: 3, readyReplicas: 3 }));
    expect(r).toMatchObject({ ready: 0, desired: 3, old: 3 });
  });

  it('is Current with zero replicas', () => {
    expect(computeStatus(deployment({ replicas: 0 }, { observedGeneration: 2 })).status).toBe('Current');
  });

  it('defaults to one replica', () => {
    const obj = deployment({}, { observedGeneration: 2, replicas: 1, updatedReplicas: 1, availableReplicas: 1 });
    delete (obj.spec as { replicas?: number }).replicas;
    expect(computeStatus(obj)).toMatchObject({ status: 'Current', desired: 1 });
  });

  it('is Failed when the progress deadline is exceeded', () => {
    const r = computeStatus(
      deployment({}, {
        observedGeneration: 2,
        replicas: 3,
        updatedReplicas: 1,
        conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "api-1" has timed out progressing.' }],
      }),
    );
    expect(r).toMatchObject({ status: 'Failed', reason: 'ProgressDeadlineExceeded' });
    expect(r.message).toMatch(/timed out progressing/);
  });

  it('is InProgress before any status is reported', () => {
    expect(computeStatus(deployment({}, {})).status).toBe('InProgress');
  });

  it('is Terminating when being deleted, NotFound when absent', () => {
    const obj = deployment({}, { observedGeneration: 2 });
    (obj.metadata as Record<string, unknown>).deletionTimestamp = '2026-01-01T00:00:00Z';
    expect(computeStatus(obj).status).toBe('Terminating');
    expect(computeStatus(undefined).status).toBe('NotFound');
  });
});
