import { Chart, Testing } from 'cdk8s';
import { CanaryRelease, NGINX_CANARY_WEIGHT, TRACK_LABEL } from '../../../../constructs/patterns';
import { Deployment } from '../../../../constructs/workloads';
import { find, kinds, synthStack } from './helpers';

const tracks = { stable: { image: 'ghcr.io/acme/shop:1.0.0', version: '1.0.0', replicas: 4 }, canary: { image: 'ghcr.io/acme/shop:1.1.0', version: '1.1.0', replicas: 1 } };

describe('CanaryRelease', () => {
  it('splits by replica ratio behind one Service by default', () => {
    const { manifests, errors } = synthStack((s) => new CanaryRelease(s, 'shop', tracks));
    expect(errors).toEqual([]);
    expect(kinds(manifests)).toEqual(['Deployment/shop-canary', 'Deployment/shop-stable', 'Service/shop']);
    const svc = find(manifests, 'Service', 'shop').spec.selector;
    const stable = find(manifests, 'Deployment', 'shop-stable');
    const canary = find(manifests, 'Deployment', 'shop-canary');
    expect(svc[TRACK_LABEL]).toBeUndefined();
    for (const d of [stable, canary]) expect(d.spec.template.metadata.labels).toMatchObject(svc);
    expect([stable.spec.replicas, canary.spec.replicas]).toEqual([4, 1]);
    expect(canary.spec.template.spec.containers[0].image).toBe('ghcr.io/acme/shop:1.1.0');
    expect(canary.spec.selector.matchLabels[TRACK_LABEL]).toBe('canary');
  });

  it('weights traffic with an ingress-nginx canary Ingress', () => {
    const { manifests, errors } = synthStack((s) =>
      new CanaryRelease(s, 'shop', { ...tracks, traffic: { type: 'ingress-nginx', weight: 20, host: 'shop.example.com' } }));
    expect(errors).toEqual([]);
    const main = find(manifests, 'Ingress', 'shop');
    const canary = find(manifests, 'Ingress', 'shop-canary');
    expect(main.metadata.annotations).toBeUndefined();
    expect(canary.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/canary': 'true', [NGINX_CANARY_WEIGHT]: '20' });
    expect(main.spec.rules[0].host).toBe(canary.spec.rules[0].host);
    expect(main.spec.rules[0].http.paths[0].backend.service.name).toBe('shop-stable');
    expect(canary.spec.rules[0].http.paths[0].backend.service.name).toBe('shop-canary');
    expect(find(manifests, 'Service', 'shop-canary').spec.selector[TRACK_LABEL]).toBe('canary');
  });

  it('weights traffic with a Gateway API HTTPRoute', () => {
    const { manifests } = synthStack((s) =>
      new CanaryRelease(s, 'shop', { ...tracks, traffic: { type: 'gateway-api', weight: 5, gateway: { name: 'public', namespace: 'gateways' }, hostnames: ['shop.example.com'] } }));
    const route = find(manifests, 'HTTPRoute', 'shop');
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.spec.parentRefs).toEqual([{ name: 'public', namespace: 'gateways' }]);
    expect(route.spec.rules[0].backendRefs).toEqual([
      { name: 'shop-stable', port: 80, weight: 95 },
      { name: 'shop-canary', port: 80, weight: 5 },
    ]);
  });

  it('runs no canary pods when no canary is given', () => {
    const { manifests } = synthStack((s) => new CanaryRelease(s, 'shop', { stable: tracks.stable }));
    expect(find(manifests, 'Deployment', 'shop-canary').spec.replicas).toBe(0);
  });

  it('rejects a bad weight naming the path and field', () => {
    const chart = new Chart(Testing.app(), 'prod', { namespace: 'shop' });
    expect(() => new CanaryRelease(chart, 'c', { ...tracks, traffic: { type: 'ingress-nginx', weight: 120, host: 'a' } })).toThrow(
      'prod/c: traffic.weight: must be an integer percentage 0..100, got 120',
    );
  });
});

describe('CanaryRelease tracks', () => {
  test('are Kapstan Deployments that select their own track', () => {
    let release: CanaryRelease | undefined;
    synthStack((s) => { release = new CanaryRelease(s, 'shop', tracks); });
    expect(release!.stable).toBeInstanceOf(Deployment);
    expect(release!.stable.matchLabels[TRACK_LABEL]).toBe('stable');
    expect(release!.canary.matchLabels[TRACK_LABEL]).toBe('canary');
  });
});
