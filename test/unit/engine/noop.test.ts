import { isNoop } from '../../../engine/noop';

// managedFields as the API server records them for a Deployment applied by kapstan.
const desired = {
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'api', namespace: 'web', labels: { app: 'api' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'api' } },
    template: {
      metadata: { labels: { app: 'api' } },
      spec: { containers: [{ name: 'api', image: 'nginx:1.27', ports: [{ containerPort: 80 }], args: ['a', 'b'] }] },
    },
  },
};

const fieldsV1 = {
  'f:metadata': { 'f:labels': { 'f:app': {} } },
  'f:spec': {
    'f:replicas': {},
    'f:selector': {},
    'f:template': {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:containers': {
          'k:{"name":"api"}': {
            '.': {}, 'f:name': {}, 'f:image': {}, 'f:args': {},
            'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
          },
        },
      },
    },
  },
};

function live(overrides: (l: any) => void = () => {}) {
  const l: any = structuredClone(desired);
  l.metadata.uid = 'u1';
  l.metadata.resourceVersion = '7';
  l.metadata.managedFields = [
    { manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', subresource: 'status', fieldsV1: { 'f:status': {} } },
    { manager: 'kapstan', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: structuredClone(fieldsV1) },
  ];
  // Server defaults the live object carries but the manifest does not set.
  l.spec.strategy = { type: 'RollingUpdate' };
  l.spec.template.spec.containers[0].ports[0].protocol = 'TCP';
  l.spec.template.spec.containers[0].imagePullPolicy = 'IfNotPresent';
  l.status = { replicas: 2 };
  overrides(l);
  return l;
}

describe('isNoop', () => {
  it('is true when owned fields and values match, despite defaults and a defaulted list key', () => {
    expect(isNoop(desired, live())).toBe(true);
  });

  it('is false when a desired value differs from the live one', () => {
    const d = structuredClone(desired);
    d.spec.template.spec.containers[0].image = 'nginx:1.28';
    expect(isNoop(d, live())).toBe(false);
  });

  it('is false when someone else changed a field we own', () => {
    expect(isNoop(desired, live((l) => { l.spec.replicas = 5; }))).toBe(false);
  });

  it('is false when a field we owned was removed from the manifest', () => {
    const d: any = structuredClone(desired);
    delete d.spec.replicas;
    expect(isNoop(d, live())).toBe(false);
  });

  it('is false when the manifest adds a field', () => {
    const d: any = structuredClone(desired);
    d.metadata.labels.tier = 'web';
    expect(isNoop(d, live((l) => { l.metadata.labels.tier = 'web'; }))).toBe(false);
  });

  it('is false for an atomic list with a changed order', () => {
    const d: any = structuredClone(desired);
    d.spec.template.spec.containers[0].args = ['b', 'a'];
    expect(isNoop(d, live())).toBe(false);
  });

  it('is false when a list element is added', () => {
    const d: any = structuredClone(desired);
    d.spec.template.spec.containers.push({ name: 'side', image: 'busybox' });
    expect(isNoop(d, live())).toBe(false);
  });

  it('is false without our Apply entry, or with another apiVersion', () => {
    expect(isNoop(desired, live((l) => { l.metadata.managedFields = l.metadata.managedFields.slice(0, 1); }))).toBe(false);
    expect(isNoop(desired, live((l) => { l.metadata.managedFields[1].apiVersion = 'apps/v1beta2'; }))).toBe(false);
    expect(isNoop(desired, undefined)).toBe(false);
  });

  it('accepts a defaulted key field whether or not the entry lists it as owned', () => {
    const withProtocol = live((l) => {
      l.metadata.managedFields[1].fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"api"}']['f:ports']['k:{"containerPort":80,"protocol":"TCP"}']['f:protocol'] = {};
    });
    expect(isNoop(desired, withProtocol)).toBe(true);
    const d: any = structuredClone(desired);
    d.spec.template.spec.containers[0].ports[0].protocol = 'UDP';
    expect(isNoop(d, live())).toBe(false);
  });

  it('matches list elements whose entry does not list the key field (imagePullSecrets)', () => {
    const d: any = structuredClone(desired);
    d.spec.template.spec.imagePullSecrets = [{ name: 'pull' }];
    const l = live((x) => {
      x.spec.template.spec.imagePullSecrets = [{ name: 'pull' }];
      x.metadata.managedFields[1].fieldsV1['f:spec']['f:template']['f:spec']['f:imagePullSecrets'] = { 'k:{"name":"pull"}': {} };
    });
    expect(isNoop(d, l)).toBe(true);
    d.spec.template.spec.imagePullSecrets = [{ name: 'other' }];
    expect(isNoop(d, l)).toBe(false);
  });

  it('treats an empty list the server dropped (omitempty) as equal', () => {
    const d: any = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny' }, spec: { ingress: [], podSelector: {} } };
    const l = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', managedFields: [{ manager: 'kapstan', operation: 'Apply', apiVersion: 'networking.k8s.io/v1', fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:ingress': {}, 'f:podSelector': {} } } }] }, spec: { podSelector: {}, policyTypes: ['Ingress'] } };
    expect(isNoop(d, l)).toBe(true);
    expect(isNoop({ ...d, spec: { ingress: [{}], podSelector: {} } }, l)).toBe(false);
  });

  it('handles set lists (v: entries)', () => {
    const d = { apiVersion: 'v1', kind: 'Thing', metadata: { name: 'x' }, spec: { finalizers: ['a', 'b'] } };
    const l = { ...structuredClone(d), metadata: { name: 'x', managedFields: [{ manager: 'kapstan', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:finalizers': { '.': {}, 'v:"a"': {}, 'v:"b"': {} } } } }] } };
    expect(isNoop(d, l)).toBe(true);
    expect(isNoop({ ...d, spec: { finalizers: ['a', 'c'] } }, l)).toBe(false);
  });
});
