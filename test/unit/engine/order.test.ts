import { APPLY_GROUPS, batchesByGroup, groupForKind } from '../../../engine/order';
import { GROUPS, groupOf } from '../../../synth/kinds';

describe('engine order: the same kind table as synth', () => {
  it('puts every kind in the group synth writes it to', () => {
    const kinds = ['Namespace', 'ResourceQuota', 'LimitRange', 'CustomResourceDefinition', 'StorageClass', 'ClusterRole',
      'ConfigMap', 'PersistentVolumeClaim', 'Service', 'Deployment', 'PodDisruptionBudget', 'APIService',
      'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'Widget'];
    for (const k of kinds) expect(groupForKind(k)).toBe(groupOf(k));
    expect(APPLY_GROUPS).toEqual(GROUPS);
  });

  // Was a bug: the engine's own table put ResourceQuota and LimitRange in `policies`, so destroy
  // deleted a namespace's quota before its workloads while synth applies it with the namespace.
  it('keeps ResourceQuota and LimitRange with their namespace in prune and destroy order', () => {
    const live = ['Deployment/web', 'ResourceQuota/q', 'LimitRange/l', 'Namespace/ns', 'HorizontalPodAutoscaler/web'];
    const kindOf = (id: string) => groupForKind(id.split('/')[0]);
    const destroy = batchesByGroup(live, kindOf, true).map((b) => b.items);
    expect(destroy).toEqual([['HorizontalPodAutoscaler/web'], ['Deployment/web'], ['ResourceQuota/q', 'LimitRange/l', 'Namespace/ns']]);
  });

  it('registers webhooks, admission policies and APIServices after the workloads that serve them', () => {
    for (const k of ['APIService', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicyBinding']) {
      expect(GROUPS.indexOf(groupForKind(k))).toBeGreaterThan(GROUPS.indexOf('workloads'));
    }
  });
});
