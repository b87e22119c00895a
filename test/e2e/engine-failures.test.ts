// Rollout failures surface through `kapstan apply`: non-zero exit, the pod and the reason named
// (dev-cluster image markers simulate the failures).
import { engineCluster, ClusterInfo } from './engine-cluster';
import { configMap, deployment, kapstan, namespace, ndjson, uniqueNs, writeStack } from './engine-fixtures';

jest.setTimeout(240_000);

describe('engine: rollout failures through apply', () => {
  const clusterOf = engineCluster({ shared: true });
  let c: ClusterInfo;
  beforeAll(() => { c = clusterOf(); });

  for (const [what, image, reason] of [
    ['an image that cannot be pulled', 'registry.example/app:kapstan-pull-error', /ImagePullBackOff|ErrImagePull/],
    ['a crash-looping container', 'registry.example/app:kapstan-crash', /CrashLoopBackOff/],
  ] as const) {
    it(`${what}: exit 1, the pod and the reason named (text and JSON)`, async () => {
      const ns = uniqueNs('e2e-fail');
      const dist = writeStack('fail', ns, [namespace(ns), configMap(ns, 'ok'), deployment(ns, 'broken', image)]);
      const r = await kapstan(['apply', '--dir', dist, '--kubeconfig', c.kubeconfig, '--timeout', '60s', '--output', 'json']);
      expect(r.code).toBe(1);
      const sum = ndjson(r.stdout).at(-1);
      expect(sum).toMatchObject({ type: 'summary', outcome: 'failed', created: 3 });
      const broken = sum.objects.find((o: any) => o.kind === 'Deployment');
      expect(broken.status).toBe('Failed');
      expect(broken.message).toMatch(reason);
      expect(sum.errors.join('\n')).toMatch(new RegExp(`Deployment ${ns}/broken: .*pod broken-[a-z0-9]+-[a-z0-9]+`));
      expect(sum.objects.find((o: any) => o.kind === 'ConfigMap').status).toBe('Current');

      const text = await kapstan(['apply', '--dir', dist, '--kubeconfig', c.kubeconfig, '--timeout', '60s']);
      expect(text.code).toBe(1);
      expect(text.stdout + text.stderr).toMatch(reason);
      // One failure block: the object, why, the pod; then the next commands.
      expect(text.stdout).toMatch(new RegExp(`✗ Deployment ${ns}/broken {2}Failed {2}(ImagePullBackOff|ErrImagePull|CrashLoopBackOff)\n {4}why {5}.+\n {4}pod {5}broken-[a-z0-9]+-[a-z0-9]+\n`));
      expect(text.stdout).toMatch(new RegExp(`next:\n(.*\n)*  kubectl describe pod broken-[a-z0-9]+-[a-z0-9]+ -n ${ns} --context \\S+`));
    });
  }
});
