import { createHash } from 'node:crypto';
import { applySetId, formatList, groupKind, isProtected, legacyParentName, parentName, stackSlug } from '../../../engine/applyset';
import { batchesByGroup, groupForKind } from '../../../engine/order';

describe('ApplySet', () => {
  it('computes the id as kubectl does: base64url(sha256(name.namespace.Secret.)) without padding', () => {
    const expected = createHash('sha256').update('kapstan-applyset-prod.web.Secret.').digest('base64')
      .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(applySetId('kapstan-applyset-prod', 'web')).toBe(`applyset-${expected}-v1`);
    expect(applySetId('a', 'web')).not.toBe(applySetId('b', 'web'));
  });

  it('formats group kinds and lists', () => {
    expect(groupKind('apps/v1', 'Deployment')).toBe('Deployment.apps');
    expect(groupKind('v1', 'Service')).toBe('Service');
    expect(formatList(['b', 'a', 'b'])).toBe('a,b');
  });

  it('names parents from any stack name', () => {
    expect(parentName('prod')).toBe('kapstan-applyset-prod');
    expect(stackSlug('Global/EU_1')).toMatch(/^global-eu-1-[0-9a-f]{10}$/);
    expect(stackSlug('Global/EU_1')).not.toBe(stackSlug('global-eu-1'));
  });

  it('derives names that never collide for different stack names, hashing only where it must', () => {
    const blue = 'payments-service-production-eu-west-1-cluster-blue';
    const green = 'payments-service-production-eu-west-1-cluster-green';
    expect(stackSlug(blue)).toBe(blue);
    expect(parentName(blue)).not.toBe(parentName(green));
    const long = 'x'.repeat(64);
    expect(stackSlug(long)).not.toBe(stackSlug('x'.repeat(65)));
    expect(stackSlug(long).length).toBeLessThanOrEqual(63);
    // Kapstan 0.1 cut names at 40 characters: both stacks shared one set.
    expect(legacyParentName(blue)).toBe(legacyParentName(green));
    expect(legacyParentName('prod')).toBe(parentName('prod'));
  });

  it('protects PVCs, namespaces, CRDs and kept objects', () => {
    expect(isProtected({ kind: 'PersistentVolumeClaim', metadata: {} })).toBe(true);
    expect(isProtected({ kind: 'Namespace', metadata: {} })).toBe(true);
    expect(isProtected({ kind: 'CustomResourceDefinition', metadata: {} })).toBe(true);
    expect(isProtected({ kind: 'ConfigMap', metadata: { annotations: { 'kapstan.io/keep': 'true' } } })).toBe(true);
    expect(isProtected({ kind: 'ConfigMap', metadata: {} })).toBe(false);
  });
});

describe('apply order', () => {
  it('batches by group in dependency order, reversed for destroy', () => {
    const items = [{ g: 'workloads' }, { g: 'namespaces' }, { g: 'custom' }, { g: 'crds' }, { g: 'config' }];
    expect(batchesByGroup(items, (i) => i.g).map((b) => b.group)).toEqual(['namespaces', 'crds', 'config', 'workloads', 'custom']);
    expect(batchesByGroup(items, (i) => i.g, true).map((b) => b.group)).toEqual(['custom', 'workloads', 'config', 'crds', 'namespaces']);
  });

  it('knows the group of common kinds', () => {
    expect(groupForKind('Deployment')).toBe('workloads');
    expect(groupForKind('HorizontalPodAutoscaler')).toBe('policies');
    expect(groupForKind('Widget')).toBe('custom');
  });
});
