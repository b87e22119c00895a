import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { DockerRegistrySecret } from '../../../../constructs/config';
import {
  ClusterRole, ClusterRoleBinding, RbacGroup, RbacServiceAccount, RbacUser, READ_VERBS, Role, RoleBinding, ServiceAccount,
} from '../../../../constructs/tenancy';

describe('ServiceAccount', () => {
  test('does not mount a token by default and lists pull secrets', () => {
    const chart = Testing.chart();
    const pull = new DockerRegistrySecret(chart, 'pull', { registries: [{ server: 'ghcr.io', username: 'bot', password: 'pw' }] });
    new ServiceAccount(chart, 'sa', { metadata: { name: 'api', namespace: 'shop' }, imagePullSecrets: [pull, 'legacy-pull'] });
    const sa = Testing.synth(chart).find((o) => o.kind === 'ServiceAccount');
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(sa.imagePullSecrets).toEqual([{ name: pull.name }, { name: 'legacy-pull' }]);
    expect(sa.metadata.labels['app.kubernetes.io/managed-by']).toBe('kapstan');
  });

  test('can mount a token when asked', () => {
    const chart = Testing.chart();
    new ServiceAccount(chart, 'sa', { automountToken: true });
    expect(Testing.synth(chart)[0].automountServiceAccountToken).toBe(true);
  });
});

describe('Role and RoleBinding', () => {
  test('rules in Kubernetes terms plus cdk8s-plus allow() calls, bound to a ServiceAccount, a user and a group', () => {
    const chart = Testing.chart();
    const sa = new ServiceAccount(chart, 'sa', { metadata: { name: 'deployer', namespace: 'shop' } });
    const role = new Role(chart, 'role', {
      metadata: { namespace: 'shop' },
      rules: [
        { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: READ_VERBS },
        { resources: ['configmaps'], resourceNames: ['settings'], verbs: ['get', 'update'] },
      ],
    });
    role.allowRead(kplus.ApiResource.PODS);
    new RoleBinding(chart, 'rb', {
      metadata: { namespace: 'shop' },
      role,
      subjects: [sa, RbacUser.fromName(chart, 'alice', 'alice@example.com'), RbacGroup.fromName(chart, 'ops', 'ops')],
    });
    const objects = Testing.synth(chart);
    const r = objects.find((o) => o.kind === 'Role');
    const rb = objects.find((o) => o.kind === 'RoleBinding');
    expect(r.rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'], verbs: ['get', 'update'] },
    ]);
    expect(rb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.name });
    expect(rb.subjects).toEqual([
      { apiGroup: '', kind: 'ServiceAccount', name: 'deployer', namespace: 'shop' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice@example.com' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'ops' },
    ]);
  });

  test('a ClusterRole with non-resource URLs, aggregated, bound cluster-wide and in one namespace', () => {
    const chart = Testing.chart();
    const sa = new ServiceAccount(chart, 'sa', { metadata: { name: 'probe', namespace: 'ops' } });
    const cr = new ClusterRole(chart, 'cr', {
      aggregationLabels: { 'rbac.example.com/aggregate-to-monitoring': 'true' },
      rules: [{ nonResourceUrls: ['/healthz', '/metrics'], verbs: ['get'] }, { apiGroups: [''], resources: ['nodes'], verbs: ['list'] }],
    });
    new ClusterRoleBinding(chart, 'crb', { role: cr, subjects: [sa] });
    new RoleBinding(chart, 'rb', { metadata: { namespace: 'shop' }, role: cr, subjects: [sa] });
    const objects = Testing.synth(chart);
    const role = objects.find((o) => o.kind === 'ClusterRole');
    expect(role.rules).toEqual([
      { nonResourceURLs: ['/healthz', '/metrics'], verbs: ['get'] },
      { apiGroups: [''], resources: ['nodes'], verbs: ['list'] },
    ]);
    expect(role.aggregationRule).toEqual({ clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-monitoring': 'true' } }] });
    expect(objects.find((o) => o.kind === 'ClusterRoleBinding').roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: cr.name });
    expect(objects.find((o) => o.kind === 'RoleBinding').roleRef.kind).toBe('ClusterRole');
  });

  test('errors name the construct path and the field', () => {
    const chart = Testing.chart();
    expect(() => new Role(chart, 'a', { rules: [{ resources: ['pods'], verbs: [] }] })).toThrow('test/a: rules[0].verbs: needs at least one verb');
    expect(() => new Role(chart, 'b', { rules: [{ resources: ['pods'], verbs: ['get'] }, { nonResourceUrls: ['/healthz'], verbs: ['get'] }] }))
      .toThrow('test/b: rules[1].nonResourceURLs: only a ClusterRole can grant non-resource URLs');
    expect(() => new Role(chart, 'c', { rules: [{ verbs: ['get'] }] })).toThrow('test/c: rules[0].resources: set either resources or nonResourceUrls');
    expect(() => new Role(chart, 'd', { rules: [{ resources: ['pods'], resourceNames: ['x'], verbs: ['list'] }] }))
      .toThrow('test/d: rules[0].resourceNames: list, watch, create and deletecollection cannot be restricted by resource name');
    expect(() => new Role(chart, 'e', { rules: [{ resources: ['pods'], verbs: ['GET ALL'] }] })).toThrow('test/e: rules[0].verbs: "GET ALL" is not a verb');
    expect(() => new ClusterRole(chart, 'f', { metadata: { namespace: 'x' } })).toThrow('test/f: metadata.namespace: a ClusterRole is cluster-scoped and has no namespace');
  });

  test('a binding without subjects fails validation with its path', () => {
    const chart = Testing.chart();
    const role = new Role(chart, 'role', { rules: [{ resources: ['pods'], verbs: ['get'] }] });
    const binding = new RoleBinding(chart, 'rb', { role });
    // The runner (cdk8s or kapstan synth) prefixes the construct path.
    expect(binding.node.validate()).toEqual(['subjects: a binding needs at least one subject']);
    binding.addSubjects(RbacUser.fromName(chart, 'bob', 'bob'));
    expect(binding.node.validate()).toEqual([]);
  });
});

describe('RbacServiceAccount', () => {
  test('a ServiceAccount subject by name, without apiGroup (as kubectl writes it)', () => {
    const chart = Testing.chart();
    new RoleBinding(chart, 'b', {
      metadata: { name: 'team-edit', namespace: 'team' },
      role: kplus.ClusterRole.fromClusterRoleName(chart, 'edit', 'edit'),
      subjects: [RbacServiceAccount.fromName(chart, 'sa', 'deployer', 'team'), RbacGroup.fromName(chart, 'devs', 'developers')],
    });
    const [binding] = Testing.synth(chart);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' });
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'deployer', namespace: 'team' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'developers' },
    ]);
  });
});
