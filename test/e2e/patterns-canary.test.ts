// CanaryRelease on the dev cluster with `kapstan promote` / `kapstan abort`: a healthy canary is
// promoted (stable takes its version, the canary goes to zero, its Ingress weight to 0); a
// crash-looping canary is reported and never promoted; abort scales the canary to zero.
import { ApiObject } from 'cdk8s';
import { CanaryRelease, Namespace } from '../../constructs';
import { kapstan } from './engine-fixtures';
import { useCluster } from './harness';
import { applyStack, synthStack } from './patterns-synth';

const cluster = useCluster({ shared: true });
const ns = 'e2e-canary';

function release(canaryImage: string): string {
  return synthStack('canary', { namespace: ns }, (stack) => {
    new Namespace(stack, 'Namespace', { metadata: { name: ns } });
    new CanaryRelease(stack, 'shop', {
      stable: { image: 'ghcr.io/acme/shop:1.0.0', version: '1.0.0', replicas: 2 },
      canary: { image: canaryImage, version: '1.1.0', replicas: 1 },
      // No ingress controller publishes an address on the dev cluster: do not wait for one.
      traffic: { type: 'ingress-nginx', weight: 25, host: 'shop.example.com', annotations: { 'kapstan.io/wait': 'false' } },
    });
  });
}

describe('CanaryRelease promote/abort on the dev cluster', () => {
  const run = (cmd: string) => kapstan([cmd, 'shop', '-n', ns, '--kubeconfig', cluster().kubeconfig]);
  const get = (kind: string, name: string) => cluster().kubectlJson(['-n', ns, 'get', kind, name]);
  const image = async (name: string) => (await get('deployment', name)).spec.template.spec.containers[0].image;

  it('promotes a healthy canary: stable moves to its version, the canary is drained', async () => {
    const r = await applyStack(release('ghcr.io/acme/shop:1.1.0'), cluster().kubeconfig);
    expect(r.code).toBe(0);
    expect((await get('ingress', 'shop-canary')).metadata.annotations['nginx.ingress.kubernetes.io/canary-weight']).toBe('25');

    const p = await run('promote');
    expect(p.stderr).toBe('');
    expect(p.code).toBe(0);
    expect(p.stdout).toContain('promoted e2e-canary/shop');
    expect(await image('shop-stable')).toBe('ghcr.io/acme/shop:1.1.0');
    const stable = await get('deployment', 'shop-stable');
    expect(stable.spec.template.metadata.labels['app.kubernetes.io/version']).toBe('1.1.0');
    expect(stable.status.readyReplicas).toBe(2);
    expect(stable.status.updatedReplicas).toBe(2);
    expect((await get('deployment', 'shop-canary')).spec.replicas).toBe(0);
    expect((await get('ingress', 'shop-canary')).metadata.annotations['nginx.ingress.kubernetes.io/canary-weight']).toBe('0');
  });

  it('refuses to promote a crash-looping canary and leaves stable alone', async () => {
    // Re-applying the release brings stable back to 1.0.0 and starts a canary that crashes.
    const r = await applyStack(release('ghcr.io/acme/shop:1.1.0-kapstan-crash'), cluster().kubeconfig, ['--timeout', '20s']);
    // promote re-applied as Kapstan: applying the app again meets no field-ownership conflict.
    expect(r.stdout + r.stderr).not.toMatch(/conflict/i);
    expect(await image('shop-stable')).toBe('ghcr.io/acme/shop:1.0.0');
    const p = await run('promote');
    expect(p.code).toBe(1);
    expect(p.stderr).toMatch(/canary e2e-canary\/shop-canary is \w+.*CrashLoopBackOff.*not promoting/s);
    expect(await image('shop-stable')).toBe('ghcr.io/acme/shop:1.0.0');
    expect((await get('deployment', 'shop-canary')).spec.replicas).toBe(1);
  });

  it('abort scales the canary to zero and takes it out of traffic', async () => {
    const a = await run('abort');
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('aborted e2e-canary/shop');
    const canary = await get('deployment', 'shop-canary');
    expect(canary.spec.replicas).toBe(0);
    expect(canary.status.replicas ?? 0).toBe(0);
    expect((await get('ingress', 'shop-canary')).metadata.annotations['nginx.ingress.kubernetes.io/canary-weight']).toBe('0');
    expect(await image('shop-stable')).toBe('ghcr.io/acme/shop:1.0.0');
  });

  it('promote names a release that does not exist', async () => {
    const r = await kapstan(['promote', 'nope', '-n', ns, '--kubeconfig', cluster().kubeconfig]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no CanaryRelease "nope" in namespace e2e-canary');
  });

  it('promote moves all Gateway API HTTPRoute weight to stable', async () => {
    // No Gateway API on the dev cluster: the app brings a minimal HTTPRoute CRD of its own.
    const dir = synthStack('canary-gw', { namespace: ns }, (stack) => {
      new ApiObject(stack, 'HttpRouteCrd', {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        // k8s.io groups need this approval annotation (the upstream Gateway API CRDs carry one).
        metadata: { name: 'httproutes.gateway.networking.k8s.io', annotations: { 'api-approved.kubernetes.io': 'https://github.com/kubernetes-sigs/gateway-api/pull/2466' } },
        spec: {
          group: 'gateway.networking.k8s.io',
          scope: 'Namespaced',
          names: { kind: 'HTTPRoute', plural: 'httproutes', singular: 'httproute', listKind: 'HTTPRouteList' },
          versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } } }],
        },
      });
      new CanaryRelease(stack, 'gw', {
        stable: { image: 'ghcr.io/acme/shop:2.0.0', version: '2.0.0', replicas: 1 },
        canary: { image: 'ghcr.io/acme/shop:2.1.0', version: '2.1.0', replicas: 1 },
        traffic: { type: 'gateway-api', weight: 30, gateway: { name: 'public' }, hostnames: ['gw.example.com'] },
      });
    });
    const r = await applyStack(dir, cluster().kubeconfig);
    expect(r.code).toBe(0);
    const weights = async () => (await get('httproute', 'gw')).spec.rules[0].backendRefs.map((b: any) => `${b.name}=${b.weight}`);
    expect(await weights()).toEqual(['gw-stable=70', 'gw-canary=30']);
    const p = await kapstan(['promote', 'gw', '-n', ns, '--kubeconfig', cluster().kubeconfig]);
    expect(p.code).toBe(0);
    expect(await weights()).toEqual(['gw-stable=100', 'gw-canary=0']);
    expect(await image('gw-stable')).toBe('ghcr.io/acme/shop:2.1.0');
  });
});
