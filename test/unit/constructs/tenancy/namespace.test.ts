import { Testing } from 'cdk8s';
import { Namespace, PodSecurityLevel } from '../../../../constructs/tenancy';
import { NetworkPeer, NetworkPolicy } from '../../../../constructs/networking';

describe('Namespace', () => {
  test('warns and audits at restricted by default, enforces nothing', () => {
    const chart = Testing.chart();
    new Namespace(chart, 'ns', { metadata: { name: 'payments' }, app: { name: 'payments', partOf: 'shop' } });
    const [ns] = Testing.synth(chart);
    expect(ns.metadata.name).toBe('payments');
    expect(ns.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'payments',
      'app.kubernetes.io/instance': 'payments',
      'app.kubernetes.io/part-of': 'shop',
      'app.kubernetes.io/managed-by': 'kapstan',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
    });
  });

  test('enforces a pod security level pinned to a version', () => {
    const chart = Testing.chart();
    new Namespace(chart, 'ns', { metadata: { name: 'team-a' }, podSecurity: { enforce: PodSecurityLevel.BASELINE, version: 'v1.34' } });
    const [ns] = Testing.synth(chart);
    expect(ns.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'v1.34',
      'pod-security.kubernetes.io/warn-version': 'v1.34',
    });
  });

  test('namespaces can be allowed by NetworkPolicy peers by name', () => {
    const chart = Testing.chart();
    const ns = new Namespace(chart, 'ns', { metadata: { name: 'monitoring' } });
    new NetworkPolicy(chart, 'np', { ingress: [{ peers: [NetworkPeer.namespaces({ names: [ns.name] })] }] });
    const np = Testing.synth(chart).find((o) => o.kind === 'NetworkPolicy');
    expect(np.spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].values).toEqual(['monitoring']);
  });

  test('errors name the construct path and the field', () => {
    const chart = Testing.chart();
    expect(() => new Namespace(chart, 'a', { metadata: { name: 'Team_A' } }))
      .toThrow('test/a: metadata.name: "Team_A" is not a valid namespace name (DNS label: lowercase letters, digits and \'-\', at most 63)');
    expect(() => new Namespace(chart, 'b', { metadata: { name: 'x', namespace: 'y' } }))
      .toThrow('test/b: metadata.namespace: a Namespace is cluster-scoped and has no namespace');
    expect(() => new Namespace(chart, 'c', { podSecurity: { version: '1.34' } }))
      .toThrow('test/c: metadata.labels[pod-security.kubernetes.io/*-version]: "1.34" is not a policy version (latest or v1.N)');
  });

  test('warn or audit: false leaves that label out; omitEmptySpec drops the empty spec', () => {
    const chart = Testing.chart();
    new Namespace(chart, 'ns', {
      metadata: { name: 'team-b' },
      podSecurity: { enforce: PodSecurityLevel.RESTRICTED, warn: PodSecurityLevel.RESTRICTED, audit: false, version: 'v1.34' },
      omitEmptySpec: true,
    });
    new Namespace(chart, 'plain', { metadata: { name: 'team-c' }, podSecurity: { warn: false } });
    const [ns, plain] = Testing.synth(chart);
    expect(ns.metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'kapstan',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.34',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.34',
    });
    expect(ns).not.toHaveProperty('spec');
    expect(plain.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'kapstan', 'pod-security.kubernetes.io/audit': 'restricted' });
    expect(plain.spec).toEqual({});
  });
});
