import { currentFromRead } from '../../../../engine/track/known';

const ref = (kind: string, name = 'web') => ({ apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1', kind, name, namespace: 'shop' });

const deployment = (status: Record<string, unknown>) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', generation: 2 },
  spec: { replicas: 2 }, status: { observedGeneration: 2, ...status },
});

describe('currentFromRead', () => {
  test('a rolled-out Deployment read moments ago is Current without watching it', () => {
    const s = currentFromRead(ref('Deployment'), deployment({ replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 }));
    expect(s?.status).toBe('Current');
    expect(s?.ready).toBe(2);
  });

  test('a Deployment still rolling out is watched', () => {
    expect(currentFromRead(ref('Deployment'), deployment({ replicas: 2, updatedReplicas: 1, availableReplicas: 1 }))).toBeUndefined();
  });

  test('a generation the controller has not observed yet is watched', () => {
    const d = deployment({ replicas: 2, updatedReplicas: 2, availableReplicas: 2 });
    d.status.observedGeneration = 1;
    expect(currentFromRead(ref('Deployment'), d)).toBeUndefined();
  });

  test('an autoscaler is always watched: its verdict needs its scale target', () => {
    const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'shop' }, status: { currentReplicas: 2, desiredReplicas: 2 } };
    expect(currentFromRead({ ...ref('HorizontalPodAutoscaler'), apiVersion: 'autoscaling/v2' }, hpa)).toBeUndefined();
  });

  test('an object being deleted, another object, or nothing read is watched', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', namespace: 'shop' } };
    expect(currentFromRead(ref('ConfigMap'), cm)?.status).toBe('Current');
    expect(currentFromRead(ref('ConfigMap'), { ...cm, metadata: { ...cm.metadata, deletionTimestamp: '2026-12-02T00:00:00Z' } })).toBeUndefined();
    expect(currentFromRead(ref('ConfigMap', 'other'), cm)).toBeUndefined();
    expect(currentFromRead(ref('Secret'), cm)).toBeUndefined();
    expect(currentFromRead(ref('ConfigMap'), undefined)).toBeUndefined();
  });

  test('a claim waiting for its first consumer needs its StorageClass: watched', () => {
    const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'web', namespace: 'shop' }, status: { phase: 'Pending' } };
    expect(currentFromRead(ref('PersistentVolumeClaim'), pvc)).toBeUndefined();
  });
});
