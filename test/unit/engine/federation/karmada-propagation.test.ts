import { findBinding, isKarmadaControlObject, overriddenReplicas, policyClusters, propagationRows } from '../../../../engine/federation/karmada-propagation';

const web = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' };
const binding = (over: Record<string, any> = {}) => ({
  spec: { resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }, clusters: [{ name: 'a', replicas: 4 }, { name: 'b', replicas: 2 }] },
  status: {
    conditions: [{ type: 'Scheduled', status: 'True' }],
    aggregatedStatus: [
      { clusterName: 'a', applied: true, status: { availableReplicas: 4, updatedReplicas: 4, replicas: 4, generation: 2, observedGeneration: 2 } },
      { clusterName: 'b', applied: true, status: { availableReplicas: 1, updatedReplicas: 1, replicas: 2, generation: 2, observedGeneration: 2 } },
    ],
  },
  ...over,
});

describe('propagationRows', () => {
  it('waits for a binding, then for the scheduler', () => {
    expect(propagationRows(web, undefined, ['a']).map((r) => [r.status, r.message])).toEqual([['InProgress', 'waiting for Karmada to bind the template to a policy']]);
    const unscheduled = binding({ status: { conditions: [{ type: 'Scheduled', status: 'False', message: '0/3 clusters are available' }] } });
    expect(propagationRows(web, unscheduled, ['a'])[0]).toMatchObject({ status: 'InProgress', message: 'not scheduled yet: 0/3 clusters are available' });
  });

  it('is Current where the scheduled replicas are available, InProgress where not, and says where nothing was placed', () => {
    const rows = propagationRows(web, binding(), ['a', 'b', 'c']);
    expect(rows.map((r) => [r.cluster, r.status, r.scheduled, r.available, r.message])).toEqual([
      ['a', 'Current', 4, 4, '4/4 available'],
      ['b', 'InProgress', 2, 1, '1/2 available'],
      ['c', 'Current', 0, undefined, 'not placed in this cluster'],
    ]);
  });

  it('a certain pod problem in a member fails that member only, naming the pod and reason', () => {
    const problems = new Map([['b', { pod: 'web-1', reason: 'ImagePullBackOff', message: 'Back-off pulling image', certain: true }]]);
    const rows = propagationRows(web, binding(), ['a', 'b'], problems);
    expect(rows.map((r) => r.status)).toEqual(['Current', 'Failed']);
    expect(rows[1]).toMatchObject({ reason: 'ImagePullBackOff', pod: 'web-1', message: '1/2 available; pod web-1: ImagePullBackOff (Back-off pulling image)' });
    const transient = new Map([['b', { pod: 'web-1', reason: 'ErrImagePull', message: '', certain: false }]]);
    expect(propagationRows(web, binding(), ['b'], transient)[0].status).toBe('InProgress');
  });

  it("waits while a member's status describes an older template", () => {
    const b = binding();
    b.status.aggregatedStatus[0].status = { ...b.status.aggregatedStatus[0].status, resourceTemplateGeneration: 3 } as any;
    expect(propagationRows(web, b, ['a'], new Map(), new Map(), 4)[0]).toMatchObject({ status: 'InProgress', message: '4/4 available, waiting for the member to take the new template' });
    expect(propagationRows(web, b, ['a'], new Map(), new Map(), 3)[0].status).toBe('Current');
  });

  it('takes the replicas an override gives a member over the binding\'s (Duplicated with per-member counts)', () => {
    const b = binding();
    b.spec.clusters = [{ name: 'a', replicas: 6 }] as any;
    expect(propagationRows(web, b, ['a'], new Map(), new Map([['a', 4]]))[0]).toMatchObject({ status: 'Current', scheduled: 4 });
    const op = { kind: 'OverridePolicy', spec: { resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }], overrideRules: [{ targetCluster: { clusterNames: ['a', 'b'] }, overriders: { plaintext: [{ path: '/spec/replicas', operator: 'replace', value: 3 }] } }] } };
    expect([...overriddenReplicas([op], web)]).toEqual([['a', 3], ['b', 3]]);
  });

  it('a member Karmada reports not Ready is not Current, whatever its last status said', () => {
    const rows = propagationRows(web, binding(), ['a', 'b'], new Map(), new Map(), undefined, new Map([['a', 'cluster is not reachable']]));
    expect(rows[0]).toMatchObject({ cluster: 'a', status: 'InProgress', scheduled: 4, message: 'member not Ready in Karmada: cluster is not reachable' });
  });

  it('a work not applied yet is InProgress with Karmada\'s message', () => {
    const b = binding();
    b.status.aggregatedStatus[1] = { clusterName: 'b', applied: false, appliedMessage: 'cluster b is not reachable' } as any;
    expect(propagationRows(web, b, ['b'])[0]).toMatchObject({ status: 'InProgress', message: 'scheduled 2 replicas, waiting for the work to be applied: cluster b is not reachable' });
  });

  it('other kinds are Current once applied and not unhealthy', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', name: 'c', namespace: 'shop' };
    const b = { spec: { resource: { ...cm }, clusters: [{ name: 'a' }] }, status: { conditions: [{ type: 'Scheduled', status: 'True' }], aggregatedStatus: [{ clusterName: 'a', applied: true, health: 'Healthy' }] } };
    expect(propagationRows(cm, b, ['a'])[0]).toMatchObject({ status: 'Current', message: 'applied' });
  });
});

describe('bindings and policies', () => {
  it('finds the binding by its resource, not by its name', () => {
    const other = binding({ spec: { resource: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', namespace: 'shop' } } });
    const mine = binding();
    expect(findBinding(web, [other, mine])).toBe(mine);
    expect(findBinding(web, [other])).toBeUndefined();
  });

  it('the members a template may go to are its policy\'s cluster names among the registered ones', () => {
    const pp = { kind: 'PropagationPolicy', spec: { resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }], placement: { clusterAffinity: { clusterNames: ['a', 'c'] } } } };
    expect(policyClusters([pp], web, ['a', 'b', 'c'])).toEqual(['a', 'c']);
    expect(policyClusters([], web, ['a', 'b'])).toEqual(['a', 'b']);
  });

  it('policies and the FederatedHPA stay in Karmada', () => {
    expect(isKarmadaControlObject({ apiVersion: 'policy.karmada.io/v1alpha1' })).toBe(true);
    expect(isKarmadaControlObject({ apiVersion: 'autoscaling.karmada.io/v1alpha1' })).toBe(true);
    expect(isKarmadaControlObject({ apiVersion: 'apps/v1' })).toBe(false);
  });
});
