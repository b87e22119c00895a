import { Testing } from 'cdk8s';
import { DEFAULT_CONTAINER_LIMITS, LimitRange, QuotaScope, ResourceQuota } from '../../../../constructs/tenancy';

describe('ResourceQuota', () => {
  test('typed limits map to Kubernetes keys, quantities are strings, keys sorted', () => {
    const chart = Testing.chart();
    new ResourceQuota(chart, 'q', {
      metadata: { namespace: 'team-a' },
      hard: {
        requestsCpu: 8, requestsMemory: '16Gi', limitsCpu: '16', limitsMemory: '32Gi', requestsStorage: '500Gi', pods: 50,
        services: 20, loadBalancers: 1, nodePorts: 0, persistentVolumeClaims: 10, configMaps: 50, secrets: 50, gpus: 2,
        storagePerClass: { gp3: '200Gi' }, other: { 'count/deployments.apps': 20 },
      },
    });
    const [q] = Testing.synth(chart);
    expect(q.metadata.namespace).toBe('team-a');
    expect(q.spec.hard).toEqual({
      'count/deployments.apps': '20',
      configmaps: '50',
      'gp3.storageclass.storage.k8s.io/requests.storage': '200Gi',
      'limits.cpu': '16',
      'limits.memory': '32Gi',
      persistentvolumeclaims: '10',
      pods: '50',
      'requests.cpu': '8',
      'requests.memory': '16Gi',
      'requests.nvidia.com/gpu': '2',
      'requests.storage': '500Gi',
      secrets: '50',
      services: '20',
      'services.loadbalancers': '1',
      'services.nodeports': '0',
    });
    expect(Object.keys(q.spec.hard)).toEqual(Object.keys(q.spec.hard).sort());
  });

  test('scopes and priority class scope selector', () => {
    const chart = Testing.chart();
    new ResourceQuota(chart, 'q', { hard: { pods: 5 }, scopes: [QuotaScope.NOT_BEST_EFFORT], priorityClasses: ['high'] });
    const [q] = Testing.synth(chart);
    expect(q.spec.scopes).toEqual(['NotBestEffort']);
    expect(q.spec.scopeSelector).toEqual({ matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] });
  });

  test('errors name the construct path and the field', () => {
    const chart = Testing.chart();
    expect(() => new ResourceQuota(chart, 'a', { hard: {} })).toThrow('test/a: spec.hard: a quota needs at least one limit');
    expect(() => new ResourceQuota(chart, 'b', { hard: { requestsMemory: '16 GB' } }))
      .toThrow('test/b: spec.hard[requests.memory]: "16 GB" is not a Kubernetes quantity (e.g. 500m, 2Gi, 10)');
    expect(() => new ResourceQuota(chart, 'c', { hard: { pods: -1 } })).toThrow('test/c: spec.hard[pods]: must not be negative (got -1)');
  });
});

describe('LimitRange', () => {
  test('safe container defaults when nothing is given', () => {
    const chart = Testing.chart();
    new LimitRange(chart, 'lr', { metadata: { namespace: 'team-a' } });
    const [lr] = Testing.synth(chart);
    expect(lr.spec.limits).toEqual([{ type: 'Container', defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { memory: '512Mi' } }]);
    expect(DEFAULT_CONTAINER_LIMITS.defaultLimit).toEqual({ memory: '512Mi' });
  });

  test('container, pod and claim sections', () => {
    const chart = Testing.chart();
    new LimitRange(chart, 'lr', {
      container: {
        min: { cpu: '50m', memory: '64Mi' },
        defaultRequest: { cpu: '250m', memory: '256Mi' },
        defaultLimit: { cpu: 1, memory: '1Gi', 'nvidia.com/gpu': 1 },
        max: { cpu: 4, memory: '8Gi' },
        maxLimitRequestRatio: { memory: 4 },
      },
      pod: { max: { cpu: 8, memory: '16Gi' } },
      persistentVolumeClaim: { min: { storage: '1Gi' }, max: { storage: '100Gi' } },
    });
    const [lr] = Testing.synth(chart);
    expect(lr.spec.limits).toEqual([
      {
        type: 'Container',
        min: { cpu: '50m', memory: '64Mi' },
        defaultRequest: { cpu: '250m', memory: '256Mi' },
        default: { cpu: '1', memory: '1Gi', 'nvidia.com/gpu': '1' },
        max: { cpu: '4', memory: '8Gi' },
        maxLimitRequestRatio: { memory: '4' },
      },
      { type: 'Pod', max: { cpu: '8', memory: '16Gi' } },
      { type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '100Gi' } },
    ]);
  });

  test('errors name the construct path and the field', () => {
    const chart = Testing.chart();
    expect(() => new LimitRange(chart, 'a', { container: { defaultRequest: { memory: '1Gi' }, defaultLimit: { memory: '512Mi' } } }))
      .toThrow('test/a: spec.limits[Container].defaultLimit[memory]: 512Mi is below defaultRequest 1Gi');
    expect(() => new LimitRange(chart, 'b', { container: { defaultLimit: { cpu: '2' }, max: { cpu: '1500m' } } }))
      .toThrow('test/b: spec.limits[Container].max[cpu]: 1500m is below defaultLimit 2');
    expect(() => new LimitRange(chart, 'c', { container: { max: { cpu: 'lots' } } }))
      .toThrow('test/c: spec.limits[Container].max[cpu]: "lots" is not a Kubernetes quantity (e.g. 500m, 2Gi, 10)');
    expect(() => new LimitRange(chart, 'd', { persistentVolumeClaim: { min: { storage: '10Gi' }, max: { storage: '1Gi' } } }))
      .toThrow('test/d: spec.limits[PersistentVolumeClaim].max[storage]: 1Gi is below min 10Gi');
  });
});

describe('ResourceQuota numbersAsNumbers', () => {
  test('counts given as numbers stay numbers, amounts given as strings stay strings', () => {
    const chart = Testing.chart();
    new ResourceQuota(chart, 'q', { hard: { pods: 100, loadBalancers: 0, requestsCpu: '8', other: { 'requests.nvidia.com/gpu': 2 } }, numbersAsNumbers: true });
    new ResourceQuota(chart, 'strings', { hard: { pods: 100 } });
    const [q, strings] = Testing.synth(chart);
    expect(q.spec.hard).toEqual({ pods: 100, 'services.loadbalancers': 0, 'requests.cpu': '8', 'requests.nvidia.com/gpu': 2 });
    expect(strings.spec.hard).toEqual({ pods: '100' });
  });
});
