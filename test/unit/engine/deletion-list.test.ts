import { deletionTable, whereLabel } from '../../../engine/deletion-list';

describe('the list before deleting', () => {
  const objects = [
    { kind: 'Service', namespace: 'shop', name: 'web' },
    { kind: 'Namespace', name: 'shop' },
    { kind: 'Deployment', namespace: 'shop', name: 'web' },
    { kind: 'ConfigMap', namespace: 'billing', name: 'rates' },
    { kind: 'Deployment', namespace: 'shop', name: 'api' },
    { kind: 'ClusterRole', name: 'reader' },
  ];

  it('is a table grouped by namespace (cluster-scoped first), kind and name: the same order every run', () => {
    const expected = [
      '  NAMESPACE  KIND         NAME',
      '  (cluster)  ClusterRole  reader',
      '  (cluster)  Namespace    shop',
      '  billing    ConfigMap    rates',
      '  shop       Deployment   api',
      '  shop       Deployment   web',
      '  shop       Service      web',
    ];
    expect(deletionTable(objects)).toEqual(expected);
    expect(deletionTable([...objects].reverse())).toEqual(expected);
  });

  it('names the kube context, the cluster (when it has another name) and the server', () => {
    const server = new URL('https://127.0.0.1:6443');
    expect(whereLabel({ contextName: 'prod', clusterName: 'eu-1', server })).toBe('kube context prod (cluster eu-1, https://127.0.0.1:6443)');
    expect(whereLabel({ contextName: 'dev', clusterName: 'dev', server })).toBe('kube context dev (https://127.0.0.1:6443)');
  });
});
