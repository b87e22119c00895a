// Apply groups as manifest resources: one part per non-empty group, in order; a group too large
// for one handler call is split into consecutive parts.
import { manifestParts, stackNamespacePart } from '../../../aws/manifest-groups';
import type { SynthObject } from '../../../synth/types';

const obj = (kind: string, name: string, pad = 0): SynthObject => ({
  manifest: { apiVersion: 'v1', kind, metadata: { name, annotations: { pad: 'x'.repeat(pad) } } },
  path: `s/${name}`,
  stack: 's',
});

describe('manifestParts', () => {
  it('one part per non-empty group, named like the dist/ files, in apply order', () => {
    const parts = manifestParts([obj('Namespace', 'a'), obj('ConfigMap', 'c'), obj('Deployment', 'd'), obj('Widget', 'w')]);
    expect(parts.map((p) => [p.id, p.manifests.map((m) => m['metadata'].name)])).toEqual([
      ['01-namespaces', ['a']], ['05-config', ['c']], ['08-workloads', ['d']], ['10-custom', ['w']],
    ]);
  });

  it('splits a group over the size budget into consecutive parts, one object never split', () => {
    const crds = ['a', 'b', 'c'].map((n) => obj('CustomResourceDefinition', n, 400));
    const parts = manifestParts([...crds, obj('Deployment', 'd')], 1100);
    expect(parts.map((p) => [p.id, p.manifests.map((m) => m['metadata'].name)])).toEqual([
      ['02-crds-1', ['a', 'b']], ['02-crds-2', ['c']], ['08-workloads', ['d']],
    ]);
    expect(manifestParts([obj('Secret', 'huge', 5000)], 900).map((p) => p.id)).toEqual(['05-config']);
  });

  it('creates the stack namespace first when the stack uses one it does not declare', () => {
    expect(stackNamespacePart({ namespace: 'shop', objects: [obj('Deployment', 'd')] })).toEqual({
      id: '00-namespace', group: 'namespaces', manifests: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }],
    });
    expect(stackNamespacePart({ namespace: 'a', objects: [obj('Namespace', 'a'), obj('Deployment', 'd')] })).toBeUndefined();
    expect(stackNamespacePart({ namespace: null, objects: [obj('ClusterRole', 'r')] })).toBeUndefined();
  });
});
