import * as path from 'path';
import { App } from 'cdk8s';
import { federationExample } from '../../../examples/federation';
import { synthesize } from '../../../synth';
import { find, stackManifests } from '../stacks/helpers';
import { readIndex, tempDir } from '../synth/helpers';

describe('federation example', () => {
  const out = tempDir();
  const app = new App();
  federationExample(app);
  const result = synthesize(app, { outdir: out, validate: 'strict' });
  const dir = (member: string) => path.join(out, 'global', member);
  const members = ['eu-1', 'eu-2', 'us-1'];

  test('synthesizes cleanly to one folder per member plus the Karmada policies', () => {
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.stacks.map((s) => s.dir)).toEqual(['global/eu-1', 'global/eu-2', 'global/us-1', 'global/karmada']);
    expect(members.map((m) => readIndex(dir(m)).federation.wave)).toEqual([1, 2, 2]);
  });

  test('8 replicas and the autoscaler bounds are divided 2:1:1', () => {
    expect(members.map((m) => find(dir(m), 'Deployment', 'web').spec.replicas)).toEqual([4, 2, 2]);
    expect(members.map((m) => find(dir(m), 'HorizontalPodAutoscaler', 'web').spec.minReplicas)).toEqual([4, 2, 2]);
    expect(members.map((m) => find(dir(m), 'HorizontalPodAutoscaler', 'web').spec.maxReplicas)).toEqual([12, 6, 6]);
  });

  test('the image override reaches us-1 only; the residency settings only the EU members', () => {
    const image = (m: string) => find(dir(m), 'Deployment', 'web').spec.template.spec.containers[0].image;
    expect(members.map(image)).toEqual([
      'ghcr.io/acme/storefront:2.3.1', 'ghcr.io/acme/storefront:2.3.1', 'registry.us.acme.example/storefront:2.3.1',
    ]);
    const hasResidency = (m: string) => stackManifests(dir(m)).some((o) => o.kind === 'ConfigMap' && o.metadata.name === 'data-residency');
    expect(members.map(hasResidency)).toEqual([true, true, false]);
  });

  test('Karmada output carries propagation and override policies', () => {
    const kinds = stackManifests(dir('karmada')).map((o) => `${o.apiVersion} ${o.kind}`);
    expect(kinds).toEqual(expect.arrayContaining(['policy.karmada.io/v1alpha1 PropagationPolicy', 'policy.karmada.io/v1alpha1 OverridePolicy']));
  });
});
