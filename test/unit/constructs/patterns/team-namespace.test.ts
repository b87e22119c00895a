import { Chart, Testing } from 'cdk8s';
import { TeamNamespace } from '../../../../constructs/patterns';
import { find, kinds, synthStack } from './helpers';

describe('TeamNamespace', () => {
  const { manifests, errors } = synthStack((s) => {
    new TeamNamespace(s, 'payments', { team: 'payments', quota: { extra: { 'requests.nvidia.com/gpu': 2 } }, groups: ['payments-devs'] });
  });

  it('emits namespace, quota, limit range, service account, role binding and network policies', () => {
    expect(kinds(manifests)).toEqual([
      'LimitRange/payments-limits', 'Namespace/payments', 'NetworkPolicy/allow-dns', 'NetworkPolicy/allow-same-namespace',
      'NetworkPolicy/default-deny', 'ResourceQuota/payments-quota', 'RoleBinding/payments-edit', 'ServiceAccount/payments-deployer',
    ]);
    expect(errors).toEqual([]);
    for (const m of manifests.filter((x) => x.kind !== 'Namespace')) expect(m.metadata.namespace).toBe('payments');
  });

  it('enforces the restricted pod security standard and sets quota and defaults', () => {
    expect(find(manifests, 'Namespace', 'payments').metadata.labels!['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const hard = find(manifests, 'ResourceQuota', 'payments-quota').spec.hard;
    expect(hard).toMatchObject({ 'requests.cpu': '8', 'limits.memory': '32Gi', pods: 100, 'requests.nvidia.com/gpu': 2 });
    const lim = find(manifests, 'LimitRange', 'payments-limits').spec.limits[0];
    expect(lim).toMatchObject({ type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '100m' } });
  });

  it('binds the team service account and groups to the edit ClusterRole in the namespace', () => {
    const rb = find(manifests, 'RoleBinding', 'payments-edit');
    expect(rb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' });
    expect(rb.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'payments-deployer', namespace: 'payments' },
      { kind: 'Group', name: 'payments-devs', apiGroup: 'rbac.authorization.k8s.io' },
    ]);
  });

  it('denies all traffic by default but allows DNS to kube-system', () => {
    expect(find(manifests, 'NetworkPolicy', 'default-deny').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const dns = find(manifests, 'NetworkPolicy', 'allow-dns').spec.egress[0];
    expect(dns.to).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }]);
    expect(dns.ports).toEqual([{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]);
  });

  it('rejects a bad team name naming the path and field', () => {
    const chart = new Chart(Testing.app(), 'platform');
    expect(() => new TeamNamespace(chart, 'ns', { team: 'Payments Team' })).toThrow(/^platform\/ns: team: "Payments Team" must be a DNS-1123 label/);
  });
});
