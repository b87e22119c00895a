import { computeStatus } from '../../../../engine/status';

describe('PersistentVolumeClaim status', () => {
  const pvc = (phase?: string) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { volumeName: 'pv-1' }, status: { phase } });

  it('is Current when Bound', () => {
    expect(computeStatus(pvc('Bound'))).toMatchObject({ status: 'Current', message: 'bound to pv-1' });
  });

  it('is InProgress while Pending with immediate binding', () => {
    expect(computeStatus(pvc('Pending'), { storageClassBindingMode: 'Immediate' }).status).toBe('InProgress');
    expect(computeStatus(pvc('Pending')).status).toBe('InProgress');
  });

  it('is Current while Pending when its class waits for the first consumer', () => {
    expect(computeStatus(pvc('Pending'), { storageClassBindingMode: 'WaitForFirstConsumer' }).status).toBe('Current');
  });

  it('is Failed when Lost', () => {
    expect(computeStatus(pvc('Lost')).status).toBe('Failed');
  });
});

describe('Service status', () => {
  const svc = (type: string, status: object = {}) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type }, status });

  it('is Current for ClusterIP', () => {
    expect(computeStatus(svc('ClusterIP')).status).toBe('Current');
  });

  it('is InProgress for a LoadBalancer without an address, Current with one', () => {
    expect(computeStatus(svc('LoadBalancer')).status).toBe('InProgress');
    const r = computeStatus(svc('LoadBalancer', { loadBalancer: { ingress: [{ ip: '10.0.0.5' }] } }));
    expect(r).toMatchObject({ status: 'Current', message: 'load balancer at 10.0.0.5' });
  });
});

describe('Ingress status', () => {
  const ing = (status: object = {}) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web' }, spec: {}, status });
  it('waits for an address', () => {
    expect(computeStatus(ing()).status).toBe('InProgress');
    expect(computeStatus(ing({ loadBalancer: { ingress: [{ hostname: 'lb.example.com' }] } }))).toMatchObject({ status: 'Current', message: 'address lb.example.com' });
  });
  it('waits while its IngressClass exists, not when the cluster has none', () => {
    const named = { ...ing(), spec: { ingressClassName: 'nginx' } };
    expect(computeStatus(named, { ingressClassExists: true }).status).toBe('InProgress');
    expect(computeStatus(named, { ingressClassExists: false })).toMatchObject({
      status: 'Current',
      message: 'no IngressClass "nginx" in the cluster: no address will be published',
    });
  });
});

describe('CustomResourceDefinition status', () => {
  const crd = (conditions: object[]) => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' }, status: { conditions } });
  it('is Current when Established', () => {
    expect(computeStatus(crd([{ type: 'NamesAccepted', status: 'True' }, { type: 'Established', status: 'True' }])).status).toBe('Current');
  });
  it('is InProgress before', () => {
    expect(computeStatus(crd([])).status).toBe('InProgress');
  });
  it('is Failed when names are not accepted', () => {
    const r = computeStatus(crd([{ type: 'NamesAccepted', status: 'False', reason: 'ListKindConflict', message: 'WidgetList is already in use' }]));
    expect(r).toMatchObject({ status: 'Failed', reason: 'ListKindConflict' });
  });
});

describe('HorizontalPodAutoscaler status', () => {
  const hpa = (status: object) => ({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'api' }, spec: {}, status });
  it('is InProgress before the controller reports', () => {
    expect(computeStatus(hpa({})).status).toBe('InProgress');
  });
  it('is Current once reported, naming conditions that stop scaling', () => {
    const r = computeStatus(
      hpa({
        currentReplicas: 2,
        desiredReplicas: 2,
        conditions: [
          { type: 'AbleToScale', status: 'True' },
          { type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: 'no metrics' },
        ],
      }),
    );
    expect(r.status).toBe('Current');
    expect(r.message).toBe('2 current / 2 desired replicas; ScalingActive=False (FailedGetResourceMetric: no metrics)');
  });

  describe('with its scale target', () => {
    const reported = { ...hpa({ currentReplicas: 1, desiredReplicas: 3, conditions: [{ type: 'AbleToScale', status: 'True' }] }), spec: { minReplicas: 3 } };
    const deployment = (replicas: number, availableReplicas?: number) =>
      ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' }, spec: { replicas }, status: { availableReplicas } });

    it('is InProgress while the workload is below the minimum, then until those replicas are available', () => {
      expect(computeStatus(reported, { scaleTarget: deployment(1, 1) })).toMatchObject({
        status: 'InProgress', ready: 1, desired: 3,
        message: 'waiting for the autoscaler to scale Deployment api up to its minimum of 3 (now 1); the autoscaler reported 1 current / 3 desired replicas',
      });
      expect(computeStatus(reported, { scaleTarget: deployment(3, 1) })).toMatchObject({
        status: 'InProgress', message: "Deployment api: 1 available (the autoscaler's minimum is 3); the autoscaler reported 1 current / 3 desired replicas",
      });
      expect(computeStatus(reported, { scaleTarget: deployment(3, 3) })).toMatchObject({
        status: 'Current', ready: 3, desired: 3, message: "Deployment api: 3 available (the autoscaler's minimum is 3); the autoscaler reported 1 current / 3 desired replicas",
      });
    });

    it('is Current for a workload scaled to zero by hand, and for targets of other kinds', () => {
      expect(computeStatus(reported, { scaleTarget: deployment(0) }).status).toBe('Current');
      const rollout = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'api' }, spec: { replicas: 1 }, status: {} };
      expect(computeStatus(reported, { scaleTarget: rollout }).status).toBe('Current');
    });

    it('without minReplicas, the minimum is 1', () => {
      const noMin = { ...reported, spec: {} };
      expect(computeStatus(noMin, { scaleTarget: deployment(1, 0) }).status).toBe('InProgress');
      expect(computeStatus(noMin, { scaleTarget: deployment(1, 1) }).status).toBe('Current');
    });
  });
});

describe('PodDisruptionBudget status', () => {
  it('is Current once observed, InProgress before', () => {
    const base = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'api', generation: 1 } };
    expect(computeStatus({ ...base, status: {} }).status).toBe('InProgress');
    const r = computeStatus({ ...base, status: { observedGeneration: 1, currentHealthy: 2, desiredHealthy: 1, disruptionsAllowed: 1, expectedPods: 2 } });
    expect(r).toMatchObject({ status: 'Current', ready: 2, desired: 2 });
  });
});

describe('Namespace status', () => {
  it('is Current when active and Terminating when deleted', () => {
    expect(computeStatus({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' }, status: { phase: 'Active' } }).status).toBe('Current');
    expect(computeStatus({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' }, status: { phase: 'Terminating' } }).status).toBe('Terminating');
  });
});

describe('generic rule (other kinds)', () => {
  const cr = (status: object, generation = 1) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', generation }, status });
  it('is Current without status', () => {
    expect(computeStatus({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }).status).toBe('Current');
  });
  it('is InProgress while the generation is not observed', () => {
    expect(computeStatus(cr({ observedGeneration: 1 }, 2)).status).toBe('InProgress');
  });
  it('is Failed when Stalled', () => {
    expect(computeStatus(cr({ conditions: [{ type: 'Stalled', status: 'True', reason: 'BadConfig', message: 'x' }] }))).toMatchObject({ status: 'Failed', reason: 'BadConfig' });
  });
  it('is InProgress when Reconciling or Ready=False', () => {
    expect(computeStatus(cr({ conditions: [{ type: 'Reconciling', status: 'True' }] })).status).toBe('InProgress');
    expect(computeStatus(cr({ conditions: [{ type: 'Ready', status: 'False', reason: 'Waiting' }] })).status).toBe('InProgress');
  });
  it('is Current when Ready', () => {
    expect(computeStatus(cr({ observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True' }] })).status).toBe('Current');
  });
  it('does not apply built-in rules to a custom kind with a built-in name', () => {
    expect(computeStatus({ apiVersion: 'example.com/v1', kind: 'Deployment', metadata: { name: 'd' }, status: {} }).status).toBe('Current');
  });
});
