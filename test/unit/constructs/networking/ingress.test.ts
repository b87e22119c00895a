import { Testing } from 'cdk8s';
import { Ingress, HttpIngressPathType, Service } from '../../../../constructs/networking';
import { TlsSecret } from '../../../../constructs/config';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';

describe('Ingress', () => {
  test('routes hosts and paths to Service ports, with class and TLS', () => {
    const chart = Testing.chart();
    const web = new Service(chart, 'web', { ports: [{ name: 'http', port: 80 }, { name: 'admin', port: 9000 }] });
    const api = new Service(chart, 'api', { ports: [{ port: 8080 }] });
    const cert = new TlsSecret(chart, 'cert', { tlsCert: CERT, tlsKey: KEY });
    new Ingress(chart, 'ing', {
      app: { name: 'shop' },
      className: 'nginx',
      routes: [
        { host: 'shop.example.com', service: web, port: 80 },
        { host: 'shop.example.com', path: '/api', pathType: HttpIngressPathType.PREFIX, service: api },
        { host: 'admin.example.com', path: '/', service: web, port: 9000 },
      ],
      tls: [{ hosts: ['shop.example.com', 'admin.example.com'], secret: cert }],
    });
    const objects = Testing.synth(chart);
    const ing = objects.find((o) => o.kind === 'Ingress');
    const names = Object.fromEntries(objects.map((o) => [`${o.kind}/${o.metadata.name}`, o.metadata.name]));
    expect(ing.metadata.labels['app.kubernetes.io/name']).toBe('shop');
    expect(ing.spec.ingressClassName).toBe('nginx');
    const shop = ing.spec.rules.find((r: any) => r.host === 'shop.example.com');
    expect(shop.http.paths).toEqual(expect.arrayContaining([
      { path: '/', pathType: 'Prefix', backend: { service: { name: web.name, port: { number: 80 } } } },
      { path: '/api', pathType: 'Prefix', backend: { service: { name: api.name, port: { number: 8080 } } } },
    ]));
    const admin = ing.spec.rules.find((r: any) => r.host === 'admin.example.com');
    expect(admin.http.paths[0].backend.service.port).toEqual({ number: 9000 });
    expect(ing.spec.tls).toEqual([{ hosts: ['shop.example.com', 'admin.example.com'], secretName: cert.name }]);
    expect(names[`Secret/${cert.name}`]).toBe(cert.name);
  });

  test('errors name the construct path', () => {
    const chart = Testing.chart();
    const web = new Service(chart, 'web', { ports: [{ name: 'http', port: 80 }, { name: 'admin', port: 9000 }] });
    expect(() => new Ingress(chart, 'a', { routes: [{ host: 'Shop.Example.com', service: web, port: 80 }] }))
      .toThrow('test/a: spec.rules.host: "Shop.Example.com" is not a valid host name (lowercase DNS name, optionally starting with "*.")');
    expect(() => new Ingress(chart, 'b', { routes: [{ service: web }] }))
      .toThrow('test/b: spec.rules.http.paths.backend.service.port: unable to determine service port since service exposes multiple ports: 80,9000 (service test/web)');
    expect(() => new Ingress(chart, 'c', { routes: [{ path: 'api', service: web, port: 80 }] }))
      .toThrow('test/c: spec.rules: ingress paths must begin with a "/": api');
    expect(() => new Ingress(chart, 'd', { routes: [{ path: '/x', service: web, port: 80 }, { path: '/x', service: web, port: 9000 }] }))
      .toThrow('test/d: spec.rules: there is already an ingress rule for /x');
  });

  test('wildcard hosts are accepted', () => {
    const chart = Testing.chart();
    const web = new Service(chart, 'web', { ports: [{ port: 80 }] });
    new Ingress(chart, 'ing', { routes: [{ host: '*.example.com', service: web }] });
    const ing = Testing.synth(chart).find((o) => o.kind === 'Ingress');
    expect(ing.spec.rules[0].host).toBe('*.example.com');
  });
});

describe('Ingress routes by port name', () => {
  test('portName writes the backend port by name', () => {
    const chart = Testing.chart();
    const web = new Service(chart, 'web', { metadata: { name: 'web' }, ports: [{ name: 'http', port: 80 }] });
    new Ingress(chart, 'ing', { routes: [{ host: 'shop.example.com', service: web, portName: 'http' }] });
    const ing = Testing.synth(chart).find((m) => m.kind === 'Ingress');
    expect(ing.spec.rules).toEqual([{
      host: 'shop.example.com',
      http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] },
    }]);
  });

  test('a port name the Service lacks, or both port and portName, name the construct and field', () => {
    const chart = Testing.chart();
    const web = new Service(chart, 'web', { ports: [{ name: 'http', port: 80 }] });
    expect(() => new Ingress(chart, 'a', { routes: [{ service: web, portName: 'grpc' }] }))
      .toThrow('test/a: spec.rules.http.paths.backend.service.port.name: service test/web has no port named "grpc"');
    expect(() => new Ingress(chart, 'b', { routes: [{ service: web, port: 80, portName: 'http' }] }))
      .toThrow('test/b: spec.rules.http.paths.backend.service.port: give port or portName, not both');
  });
});
