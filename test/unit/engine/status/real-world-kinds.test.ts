// Status rules for kinds real charts ship beyond workloads: APIService, webhook configurations,
// PodDisruptionBudget, and custom resources with Available and per-condition generations.
import { computeStatus } from '../../../../engine/status';

describe('APIService status', () => {
  const api = (available?: object, service: object | null = { namespace: 'mon', name: 'metrics-api' }) => ({
    apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: { name: 'v1beta1.metrics.example.com' },
    spec: { group: 'metrics.example.com', version: 'v1beta1', service },
    status: available ? { conditions: [{ type: 'Available', ...available }] } : {},
  });

  it('is Current once Available', () => {
    expect(computeStatus(api({ status: 'True', reason: 'Passed' }))).toEqual({ status: 'Current', message: 'available (service mon/metrics-api)' });
    expect(computeStatus(api({ status: 'True', reason: 'Local' }, null))).toEqual({ status: 'Current', message: 'available (local)' });
  });

  it('is InProgress before the aggregator checked, and while its Service has no ready endpoints', () => {
    expect(computeStatus(api())).toMatchObject({ status: 'InProgress', message: 'waiting for the aggregator to check service mon/metrics-api' });
    expect(computeStatus(api({ status: 'False', reason: 'MissingEndpoints', message: 'endpoints for service/metrics-api in "mon" have no addresses' })))
      .toMatchObject({ status: 'InProgress', message: 'waiting for service mon/metrics-api: MissingEndpoints: endpoints for service/metrics-api in "mon" have no addresses' });
  });

  it('is Failed when the backend does not answer (FailedDiscoveryCheck), naming the Service and the reason', () => {
    const message = 'failing or missing response from https://10.0.0.7:443/apis/metrics.example.com/v1beta1: connection refused';
    expect(computeStatus(api({ status: 'False', reason: 'FailedDiscoveryCheck', message }))).toEqual({
      status: 'Failed', reason: 'FailedDiscoveryCheck', message: `service mon/metrics-api unavailable: FailedDiscoveryCheck: ${message}`,
    });
    expect(computeStatus(api({ status: 'False', reason: 'ServicePortError', message: 'service/metrics-api in "mon" is not listening on port 443' })))
      .toMatchObject({ status: 'Failed', reason: 'ServicePortError' });
  });
});

describe('webhook configurations', () => {
  it('are Current at once (no status), naming the Services they call', () => {
    const hook = (kind: string) => ({
      apiVersion: 'admissionregistration.k8s.io/v1', kind, metadata: { name: 'policy' },
      webhooks: [
        { name: 'a.policy.example.com', clientConfig: { service: { namespace: 'sec', name: 'policy-hook' } } },
        { name: 'b.policy.example.com', clientConfig: { service: { namespace: 'sec', name: 'policy-hook' } } },
        { name: 'c.policy.example.com', clientConfig: { url: 'https://127.0.0.1:9443/check' } },
      ],
    });
    expect(computeStatus(hook('ValidatingWebhookConfiguration'))).toEqual({ status: 'Current', message: '3 webhooks registered, calling sec/policy-hook' });
    expect(computeStatus(hook('MutatingWebhookConfiguration')).status).toBe('Current');
  });
});

describe('PodDisruptionBudget', () => {
  const pdb = (status: object) => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'api', generation: 2 }, status });
  it('is Current once the disruption controller observed it, as kstatus today (the workloads wait for their pods)', () => {
    expect(computeStatus(pdb({ observedGeneration: 1, currentHealthy: 3, desiredHealthy: 2 }))).toMatchObject({ status: 'InProgress', message: 'waiting for the controller to observe generation 2' });
    expect(computeStatus(pdb({ observedGeneration: 2, currentHealthy: 1, desiredHealthy: 2, disruptionsAllowed: 0, expectedPods: 3 })))
      .toEqual({ status: 'Current', message: '1 healthy of 2 needed, 0 disruptions allowed', ready: 1, desired: 3 });
  });
});

describe('custom resources: Available and condition generations', () => {
  const cr = (conditions: object[], generation = 3) => ({ apiVersion: 'db.example.com/v1', kind: 'Cluster', metadata: { name: 'c', generation }, status: { observedGeneration: generation, conditions } });
  it('uses Available when there is no Ready', () => {
    expect(computeStatus(cr([{ type: 'Available', status: 'False', reason: 'ReplicasStarting', message: '1 of 3' }])))
      .toEqual({ status: 'InProgress', message: 'not available: ReplicasStarting: 1 of 3' });
    expect(computeStatus(cr([{ type: 'Available', status: 'True' }]))).toEqual({ status: 'Current', message: 'available' });
  });
  it('does not trust a Ready condition written for an older generation', () => {
    expect(computeStatus(cr([{ type: 'Ready', status: 'True', observedGeneration: 2 }])))
      .toEqual({ status: 'InProgress', message: 'waiting for the controller to report Ready for generation 3' });
    expect(computeStatus(cr([{ type: 'Ready', status: 'True', observedGeneration: 3 }])).status).toBe('Current');
  });
  it('ignores a Stalled condition of an older generation, fails on a current one', () => {
    const stalled = (g: number) => ({ type: 'Stalled', status: 'True', reason: 'InvalidSpec', message: 'storage class missing', observedGeneration: g });
    expect(computeStatus(cr([stalled(2), { type: 'Ready', status: 'True', observedGeneration: 3 }])).status).toBe('Current');
    expect(computeStatus(cr([stalled(3)]))).toEqual({ status: 'Failed', reason: 'InvalidSpec', message: 'stalled: InvalidSpec: storage class missing' });
  });
});
