import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { NetworkPeer, NetworkPolicy, PolicyType } from '../../../../constructs/networking';

function only(chart: ReturnType<typeof Testing.chart>): any {
  const [policy] = Testing.synth(chart);
  return policy;
}

describe('NetworkPolicy', () => {
  test('default deny of all ingress for the namespace', () => {
    const chart = Testing.chart();
    NetworkPolicy.denyAll(chart, 'deny');
    const policy = only(chart);
    expect(policy.apiVersion).toBe('networking.k8s.io/v1');
    expect(policy.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'], ingress: [] });
  });

  test('allow from every pod of the namespace: an empty pod selector', () => {
    const chart = Testing.chart();
    new NetworkPolicy(chart, 'same-ns', { ingress: [{ peers: [NetworkPeer.allPods()], ports: [{ port: 'http' }] }] });
    expect(only(chart).spec.ingress).toEqual([{ from: [{ podSelector: {} }], ports: [{ port: 'http', protocol: 'TCP' }] }]);
  });

  test('default deny of ingress and egress', () => {
    const chart = Testing.chart();
    NetworkPolicy.denyAll(chart, 'deny', { egress: true, metadata: { namespace: 'shop' } });
    const policy = only(chart);
    expect(policy.metadata.namespace).toBe('shop');
    expect(policy.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] });
  });

  test('allow from pods, namespaces (by name and label), pods in namespaces and CIDRs', () => {
    const chart = Testing.chart();
    new NetworkPolicy(chart, 'web', {
      selector: { app: { name: 'web' } },
      ingress: [
        { peers: [NetworkPeer.pods({ labels: { role: 'frontend' } })], ports: [{ port: 8080 }] },
        { peers: [NetworkPeer.namespaces({ names: ['monitoring', 'ingress-nginx'] }), NetworkPeer.namespaces({ labels: { team: 'ops' } })] },
        { peers: [NetworkPeer.podsInNamespaces({ labels: { app: 'prometheus' } }, { names: ['monitoring'] })], ports: [{ port: 'metrics' }] },
        { peers: [NetworkPeer.cidr('10.0.0.0/8', ['10.1.0.0/16'])], ports: [{ port: 30000, endPort: 30100, protocol: kplus.NetworkProtocol.UDP }] },
      ],
    });
    const policy = only(chart);
    expect(policy.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' } });
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    expect(policy.spec.egress).toBeUndefined();
    expect(policy.spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: { role: 'frontend' } } }], ports: [{ port: 8080, protocol: 'TCP' }] },
      {
        from: [
          { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['ingress-nginx', 'monitoring'] }] } },
          { namespaceSelector: { matchLabels: { team: 'ops' } } },
        ],
      },
      {
        from: [{
          podSelector: { matchLabels: { app: 'prometheus' } },
          namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['monitoring'] }] },
        }],
        ports: [{ port: 'metrics', protocol: 'TCP' }],
      },
      { from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 30000, endPort: 30100, protocol: 'UDP' }] },
    ]);
  });

  test('restricting egress allows DNS unless told otherwise', () => {
    const chart = Testing.chart();
    new NetworkPolicy(chart, 'a', { egress: [{ peers: [NetworkPeer.pods({ labels: { app: 'db' } })], ports: [{ port: 5432 }] }] });
    new NetworkPolicy(chart, 'b', { egress: [], allowDns: false, policyTypes: [PolicyType.EGRESS] });
    const [a, b] = Testing.synth(chart);
    expect(a.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(a.spec.egress).toHaveLength(2);
    expect(a.spec.egress[1]).toEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
    });
    expect(b.spec).toEqual({ podSelector: {}, policyTypes: ['Egress'], egress: [] });
  });

  test('selects the pods of a cdk8s-plus workload', () => {
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx:1.27' }] });
    new NetworkPolicy(chart, 'np', { selector: deployment, ingress: [{ peers: [NetworkPeer.pods(deployment)] }] });
    const objects = Testing.synth(chart);
    const dep = objects.find((o) => o.kind === 'Deployment');
    const np = objects.find((o) => o.kind === 'NetworkPolicy');
    expect(np.spec.podSelector.matchLabels).toEqual(dep.spec.selector.matchLabels);
    expect(np.spec.ingress[0].from[0].podSelector.matchLabels).toEqual(dep.spec.selector.matchLabels);
  });

  describe('errors name the construct path and the field', () => {
    test.each([
      [{ ingress: [{ peers: [NetworkPeer.cidr('10.0.0.0')] }] }, 'test/np: spec.ingress[0].peers[0].ipBlock.cidr: "10.0.0.0" is not a CIDR (expected address/prefix)'],
      [{ ingress: [{ peers: [NetworkPeer.cidr('300.0.0.0/8')] }] }, 'test/np: spec.ingress[0].peers[0].ipBlock.cidr: "300.0.0.0/8" is not a valid IPv4 CIDR'],
      [{ ingress: [{ peers: [NetworkPeer.cidr('10.0.0.0/8', ['192.168.0.0/16'])] }] }, 'test/np: spec.ingress[0].peers[0].ipBlock.except[0]: "192.168.0.0/16" is not inside 10.0.0.0/8'],
      [{ ingress: [{ ports: [{ port: 0 }] }] }, 'test/np: spec.ingress[0].ports[0].port: must be an integer between 1 and 65535 (got 0)'],
      [{ ingress: [{ ports: [{ port: 100, endPort: 50 }] }] }, 'test/np: spec.ingress[0].ports[0].endPort: must not be below port 100'],
      [{ ingress: [{ ports: [{ port: 'http', endPort: 90 }] }] }, 'test/np: spec.ingress[0].ports[0].endPort: a range needs a numeric start port'],
      [{ egress: [], policyTypes: [PolicyType.INGRESS] }, 'test/np: spec.egress: egress rules given but policyTypes does not include Egress'],
      [{ policyTypes: [] }, 'test/np: spec.policyTypes: must name at least one direction'],
    ])('%j', (props, message) => {
      const chart = Testing.chart();
      expect(() => new NetworkPolicy(chart, 'np', props as any)).toThrow(message);
    });

    test('IPv6 CIDRs are accepted', () => {
      const chart = Testing.chart();
      new NetworkPolicy(chart, 'np', { ingress: [{ peers: [NetworkPeer.cidr('fd00::/8')] }] });
      expect(only(chart).spec.ingress[0].from[0].ipBlock.cidr).toBe('fd00::/8');
    });
  });
});

describe('NetworkPolicy omitEmptyRules', () => {
  test('a direction without rules writes no list; with rules the list is written', () => {
    const chart = Testing.chart();
    new NetworkPolicy(chart, 'deny', { policyTypes: [PolicyType.INGRESS, PolicyType.EGRESS], allowDns: false, omitEmptyRules: true });
    new NetworkPolicy(chart, 'half', { ingress: [{ peers: [NetworkPeer.allPods()] }], egress: [], allowDns: false, omitEmptyRules: true });
    new NetworkPolicy(chart, 'written', { policyTypes: [PolicyType.INGRESS, PolicyType.EGRESS], allowDns: false });
    const [deny, half, written] = Testing.synth(chart);
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(half.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: {} }] }] });
    expect(written.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] });
  });
});
