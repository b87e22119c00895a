import { extractApplied } from '../../../../engine/canary/extract';

// A Deployment as the API returns it: Kapstan applied most fields, the HPA-like "other" manager
// owns replicas, and the controller owns status.
const live = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'shop-canary',
    namespace: 'web',
    uid: 'abc',
    resourceVersion: '42',
    labels: { 'app.kubernetes.io/name': 'shop', 'kapstan.io/track': 'canary', extra: 'by-other' },
    finalizers: ['a', 'b'],
    managedFields: [
      {
        manager: 'kapstan', operation: 'Apply', fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app.kubernetes.io/name': {}, 'f:kapstan.io/track': {} }, 'f:finalizers': { 'v:"a"': {} } },
          'f:spec': {
            'f:selector': {},
            'f:template': {
              'f:spec': {
                'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:name': {}, 'f:image': {}, 'f:args': {}, 'f:ports': { 'k:{"containerPort":8080,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:name': {} } } } },
              },
            },
          },
        },
      },
      { manager: 'other', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} }, 'f:metadata': { 'f:labels': { 'f:extra': {} } } } },
    ],
  },
  spec: {
    replicas: 3,
    selector: { matchLabels: { 'app.kubernetes.io/name': 'shop' } },
    template: {
      spec: {
        containers: [
          { name: 'sidecar', image: 'envoy:1' },
          { name: 'app', image: 'shop:1.1', args: ['--x'], terminationMessagePath: '/dev/termination-log', ports: [{ containerPort: 8080, protocol: 'TCP', name: 'http' }] },
        ],
      },
    },
  },
  status: { replicas: 3 },
};

describe('extractApplied', () => {
  it("returns exactly the fields of the manager's Apply entry", () => {
    expect(extractApplied(live, 'kapstan')).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'shop-canary', namespace: 'web', labels: { 'app.kubernetes.io/name': 'shop', 'kapstan.io/track': 'canary' }, finalizers: ['a'] },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'shop' } },
        template: { spec: { containers: [{ name: 'app', image: 'shop:1.1', args: ['--x'], ports: [{ containerPort: 8080, protocol: 'TCP', name: 'http' }] }] } },
      },
    });
  });

  it('is undefined for a manager that never applied', () => {
    expect(extractApplied(live, 'other')).toBeUndefined();
    expect(extractApplied(live, 'nobody')).toBeUndefined();
  });
});
