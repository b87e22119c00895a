import { computeStatus } from '../../../../engine/status';

function sts(spec: object, status: object) {
  return { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', generation: 1 }, spec: { replicas: 3, ...spec }, status: { observedGeneration: 1, ...status } };
}

describe('StatefulSet status', () => {
  it('is InProgress until all replicas are ready', () => {
    const r = computeStatus(sts({}, { replicas: 3, readyReplicas: 1, currentRevision: 'a', updateRevision: 'a' }));
    expect(r).toMatchObject({ status: 'InProgress', ready: 1, desired: 3 });
    expect(r.message).toBe('1 of 3 replicas ready');
  });

  it('is InProgress while pods are created', () => {
    expect(computeStatus(sts({}, { replicas: 1, readyReplicas: 1 })).message).toBe('1 of 3 replicas created');
  });

  it('is InProgress while the update revision is not yet current', () => {
    const r = computeStatus(sts({}, { replicas: 3, readyReplicas: 3, updatedReplicas: 2, currentRevision: 'a', updateRevision: 'b' }));
    expect(r.status).toBe('InProgress');
    expect(r.message).toBe('2 of 3 pods at revision b');
  });

  it('is Current when all ready at the update revision', () => {
    const r = computeStatus(sts({}, { replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3, currentRevision: 'b', updateRevision: 'b' }));
    expect(r.status).toBe('Current');
  });

  it('with a partition only the ordinals above it must be updated', () => {
    const spec = { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } };
    const waiting = computeStatus(sts(spec, { replicas: 3, readyReplicas: 3, updatedReplicas: 0, currentRevision: 'a', updateRevision: 'b' }));
    expect(waiting.status).toBe('InProgress');
    expect(waiting.message).toMatch(/partitioned rollout: 0 of 1/);
    const done = computeStatus(sts(spec, { replicas: 3, readyReplicas: 3, updatedReplicas: 1, currentRevision: 'a', updateRevision: 'b' }));
    expect(done.status).toBe('Current');
  });

  it('with OnDelete updates is Current once ready', () => {
    const r = computeStatus(sts({ updateStrategy: { type: 'OnDelete' } }, { replicas: 3, readyReplicas: 3, currentRevision: 'a', updateRevision: 'b' }));
    expect(r.status).toBe('Current');
  });

  it('is InProgress when the generation is not observed', () => {
    const obj = sts({}, { replicas: 3, readyReplicas: 3 });
    obj.metadata.generation = 2;
    expect(computeStatus(obj).status).toBe('InProgress');
  });
});
