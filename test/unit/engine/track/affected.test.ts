import { Affected, type FindObject } from '../../../../engine/track/affected';

// A Deployment web → its ReplicaSet web-1 → its pod web-1-a, as the watches hold them.
const owner = (kind: string, name: string, uid: string) => ({ kind, name, uid, controller: true });
const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', uid: 'd1' } };
const replicaSet = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-1', namespace: 'shop', uid: 'rs1', ownerReferences: [owner('Deployment', 'web', 'd1')] } };
const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1-a', namespace: 'shop', uid: 'p1', ownerReferences: [owner('ReplicaSet', 'web-1', 'rs1')] } };
const objects = [deployment, replicaSet, pod];
const find: FindObject = (kind, namespace, name) =>
  objects.find((o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name);

const marks = (a: Affected) => ({
  web: a.has('Deployment', 'shop', 'web', 'd1'),
  api: a.has('Deployment', 'shop', 'api', 'd2'),
});

describe('Affected: what a burst of watch events can change', () => {
  test('nothing changed affects nothing', () => {
    expect(marks(new Affected())).toEqual({ web: false, api: false });
  });

  test('a changed pod affects the Deployment that owns its ReplicaSet, and no other', () => {
    const a = new Affected();
    a.addChanged(pod, find);
    expect(marks(a)).toEqual({ web: true, api: false });
    expect(a.has('ReplicaSet', 'shop', 'web-1', 'rs1')).toBe(true);
  });

  test('an event about a pod reaches the Deployment through the pod and its ReplicaSet', () => {
    const a = new Affected();
    a.addChanged({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'web-1-a.1', namespace: 'shop', uid: 'e1' }, type: 'Warning', reason: 'Failed',
      involvedObject: { kind: 'Pod', name: 'web-1-a', namespace: 'shop', uid: 'p1' } }, find);
    expect(marks(a)).toEqual({ web: true, api: false });
  });

  test('an events.k8s.io event names its object under `regarding`; a cluster-scoped object has no namespace', () => {
    const a = new Affected();
    a.addChanged({ kind: 'Event', metadata: { name: 'x', namespace: 'default' }, regarding: { kind: 'ClusterRole', name: 'reader' } }, find);
    expect(a.has('ClusterRole', '', 'reader', undefined)).toBe(true);
  });

  test('the old version of a ReplicaSet counts: a ReplicaSet that changed owner affects both', () => {
    const a = new Affected();
    a.addChanged({ ...replicaSet, metadata: { ...replicaSet.metadata, ownerReferences: [owner('Deployment', 'api', 'd2')] } }, find);
    expect(marks(a)).toEqual({ web: true, api: true });
  });

  test('an object is found by uid when its name is not what the entry knows, and by name before it has a uid', () => {
    const a = new Affected();
    a.addChanged(deployment, find);
    expect(a.has('Deployment', 'shop', 'renamed', 'd1')).toBe(true);
    expect(a.has('Deployment', 'shop', 'web', undefined)).toBe(true);
    expect(a.has('Deployment', 'other', 'web', undefined)).toBe(false);
  });

  test('`all` (a re-list) affects everything', () => {
    const a = new Affected();
    a.all = true;
    expect(marks(a)).toEqual({ web: true, api: true });
  });
});
