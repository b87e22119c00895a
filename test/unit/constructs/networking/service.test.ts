import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Deployment } from '../../../../constructs/workloads';
import { ExternalTrafficPolicy, Ingress, InternalTrafficPolicy, IpFamilyPolicy, Service, ServiceType, SessionAffinity } from '../../../../constructs/networking';

function synthOne(chart: ReturnType<typeof Testing.chart>, kind: string): any {
  return Testing.synth(chart).find((o) => o.kind === kind);
}

describe('Service', () => {
  test('ClusterIP with named ports, named target port and recommended labels', () => {
    const chart = Testing.chart();
    new Service(chart, 'web', {
      app: { name: 'web', version: '1.2.0' },
      ports: [
        { name: 'http', port: 80, targetPort: 'http' },
        { name: 'metrics', port: 9090, appProtocol: 'http' },
      ],
    });
    const svc = synthOne(chart, 'Service');
    expect(svc.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'web',
      'app.kubernetes.io/instance': 'web',
      'app.kubernetes.io/version': '1.2.0',
      'app.kubernetes.io/managed-by': 'kapstan',
    });
    expect(svc.spec.type).toBe('ClusterIP');
    // Selector uses the stable labels only (never the version).
    expect(svc.spec.selector).toEqual({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' });
    expect(svc.spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
      { name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP', appProtocol: 'http' },
    ]);
    expect(svc.spec.sessionAffinity).toBeUndefined();
  });

  test('headless Service without ports for a StatefulSet', () => {
    const chart = Testing.chart();
    const svc = new Service(chart, 'db', { headless: true, selector: { labels: { app: 'db' } }, publishNotReadyAddresses: true });
    const out = synthOne(chart, 'Service');
    expect(svc.headless).toBe(true);
    expect(out.spec.clusterIP).toBe('None');
    expect(out.spec.ports).toBeUndefined();
    expect(out.spec.publishNotReadyAddresses).toBe(true);
    expect(out.spec.selector).toEqual({ app: 'db' });
  });

  test('NodePort and LoadBalancer with traffic policy, source ranges and session affinity', () => {
    const chart = Testing.chart();
    new Service(chart, 'np', { type: ServiceType.NODE_PORT, ports: [{ port: 80, nodePort: 30080 }] });
    new Service(chart, 'lb', {
      type: ServiceType.LOAD_BALANCER,
      ports: [{ port: 443 }],
      externalTrafficPolicy: ExternalTrafficPolicy.LOCAL,
      loadBalancerSourceRanges: ['10.0.0.0/8'],
      loadBalancerClass: 'service.k8s.aws/nlb',
      sessionAffinity: SessionAffinity.CLIENT_IP,
      sessionAffinityTimeout: Duration.minutes(30),
    });
    const [np, lb] = Testing.synth(chart);
    expect(np.spec.type).toBe('NodePort');
    expect(np.spec.ports[0].nodePort).toBe(30080);
    expect(lb.spec).toMatchObject({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      loadBalancerSourceRanges: ['10.0.0.0/8'],
      loadBalancerClass: 'service.k8s.aws/nlb',
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 1800 } },
    });
  });

  test('internal traffic policy and dual-stack IP families', () => {
    const chart = Testing.chart();
    new Service(chart, 'svc', {
      ports: [{ port: 53, protocol: kplus.Protocol.UDP }],
      internalTrafficPolicy: InternalTrafficPolicy.LOCAL,
      ipFamilyPolicy: IpFamilyPolicy.PREFER_DUAL_STACK,
    });
    const svc = synthOne(chart, 'Service');
    expect(svc.spec).toMatchObject({ internalTrafficPolicy: 'Local', ipFamilyPolicy: 'PreferDualStack', ports: [{ port: 53, protocol: 'UDP', targetPort: 53 }] });
  });

  test('selects the pods of a Kapstan Deployment', () => {
    const chart = Testing.chart();
    const deployment = new Deployment(chart, 'api', {
      app: { name: 'api' },
      containers: [{ image: 'ghcr.io/acme/api:1.0.0', ports: [{ name: 'http', number: 8080 }] }],
    });
    new Service(chart, 'svc', { selector: deployment, ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
    const objects = Testing.synth(chart);
    const dep = objects.find((o) => o.kind === 'Deployment');
    const svc = objects.find((o) => o.kind === 'Service');
    expect(Object.keys(svc.spec.selector).length).toBeGreaterThan(0);
    for (const [key, value] of Object.entries(svc.spec.selector)) {
      expect(dep.spec.template.metadata.labels[key]).toBe(value);
    }
  });

  test('selects the pods of a plain cdk8s-plus Deployment and works as an Ingress backend', () => {
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx:1.27', portNumber: 8080 }] });
    const svc = new Service(chart, 'svc', { selector: deployment, ports: [{ port: 80, targetPort: 8080 }] });
    new Ingress(chart, 'ing', { routes: [{ host: 'shop.example.com', service: svc }] });
    const objects = Testing.synth(chart);
    const dep = objects.find((o) => o.kind === 'Deployment');
    const out = objects.find((o) => o.kind === 'Service');
    const ing = objects.find((o) => o.kind === 'Ingress');
    expect(out.spec.selector).toEqual(dep.spec.selector.matchLabels);
    expect(ing.spec.rules[0].http.paths[0].backend.service).toEqual({ name: out.metadata.name, port: { number: 80 } });
  });

  test('cdk8s-plus style bind() and selectLabel() still work', () => {
    const chart = Testing.chart();
    const svc = new Service(chart, 'svc');
    svc.bind(8080, { name: 'http' });
    svc.selectLabel('tier', 'web');
    const out = synthOne(chart, 'Service');
    expect(out.spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP' }]);
    expect(svc.ports.map((p) => p.port)).toEqual([8080]);
    expect(out.spec.selector).toEqual({ tier: 'web' });
  });

  describe('errors name the construct path and the field', () => {
    test.each([
      [{ ports: [{ port: 0 }] }, 'test/svc: spec.ports[0].port: must be an integer between 1 and 65535 (got 0)'],
      [{ ports: [{ port: 80, name: 'HTTP' }] }, 'test/svc: spec.ports[0].name: "HTTP" is not a valid port name (at most 15 lowercase letters, digits and \'-\', with at least one letter)'],
      [{ ports: [{ port: 80, name: 'a' }, { port: 81, name: 'a' }] }, 'test/svc: spec.ports[1].name: port name "a" is used twice'],
      [{ ports: [{ port: 80, name: 'a' }, { port: 80, name: 'b' }] }, 'test/svc: spec.ports[1].port: port 80/TCP is used twice'],
      [{ ports: [{ port: 80, targetPort: 70000 }] }, 'test/svc: spec.ports[0].targetPort: must be an integer between 1 and 65535 (got 70000)'],
      [{ ports: [{ port: 80, nodePort: 30000 }] }, 'test/svc: spec.ports[0].nodePort: only NodePort and LoadBalancer Services have node ports (type is ClusterIP)'],
      [{ type: ServiceType.NODE_PORT, ports: [{ port: 80, nodePort: 80 }] }, 'test/svc: spec.ports[0].nodePort: must be in the default node port range 30000-32767 (got 80)'],
      [{ headless: true, type: ServiceType.NODE_PORT }, 'test/svc: spec.clusterIP: a headless Service must be of type ClusterIP (type is NodePort)'],
      [{ externalTrafficPolicy: ExternalTrafficPolicy.LOCAL }, 'test/svc: spec.externalTrafficPolicy: only NodePort and LoadBalancer Services route external traffic (type is ClusterIP)'],
      [{ loadBalancerSourceRanges: ['0.0.0.0/0'] }, 'test/svc: spec.loadBalancerSourceRanges: only applies to LoadBalancer Services (type is ClusterIP)'],
      [{ sessionAffinityTimeout: Duration.minutes(1) }, 'test/svc: spec.sessionAffinityConfig.clientIP.timeoutSeconds: needs sessionAffinity ClientIP'],
      [{ sessionAffinity: SessionAffinity.CLIENT_IP, sessionAffinityTimeout: Duration.days(2) }, 'test/svc: spec.sessionAffinityConfig.clientIP.timeoutSeconds: must be between 1 second and 1 day (got 172800s)'],
    ])('%j', (props, message) => {
      const chart = Testing.chart();
      expect(() => new Service(chart, 'svc', props as any)).toThrow(message);
    });

    // Checked at synth time (ports can be added later); the runner prefixes the construct path.
    test('a Service without ports fails validation', () => {
      const chart = Testing.chart();
      const svc = new Service(chart, 'svc', { selector: { labels: { app: 'x' } } });
      expect(svc.node.validate()).toEqual(['spec.ports: a Service needs at least one port (only headless Services may have none)']);
      svc.addPort({ port: 80 });
      expect(svc.node.validate()).toEqual([]);
    });

    test('several ports need names', () => {
      const chart = Testing.chart();
      const svc = new Service(chart, 'svc', { ports: [{ port: 80, name: 'http' }, { port: 443 }] });
      expect(svc.node.validate()).toEqual(['spec.ports[1].name: every port needs a name when a Service has more than one']);
    });

    test('headless and ExternalName Services need no ports', () => {
      const chart = Testing.chart();
      const headless = new Service(chart, 'hl', { headless: true });
      const external = new Service(chart, 'ext', { externalName: 'db.example.com' });
      expect(headless.node.validate()).toEqual([]);
      expect(external.node.validate()).toEqual([]);
      expect(Testing.synth(chart)[1].spec).toEqual({ type: 'ExternalName', externalName: 'db.example.com' });
    });

    test('a selector with expressions is rejected', () => {
      const chart = Testing.chart();
      const pods = kplus.Pods.select(chart, 'pods', { expressions: [kplus.LabelExpression.exists('app')] });
      expect(() => new Service(chart, 'svc', { selector: pods, ports: [{ port: 80 }] })).toThrow('test/svc: spec.selector: a Service selector cannot use label expressions');
    });
  });
});
