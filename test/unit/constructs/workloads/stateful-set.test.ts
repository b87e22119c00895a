import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { ClaimRetention, StatefulSet } from '../../../../constructs/workloads';
import { onlyObject, podSpecOf } from './synth-helpers';

const postgres = { image: 'postgres:16.4', portNumber: 5432 };

describe('StatefulSet', () => {
  test('creates a governing headless Service with recommended labels that selects the pods', () => {
    const chart = Testing.chart();
    const db = new StatefulSet(chart, 'pg', { replicas: 3, containers: [postgres] });
    const sts = onlyObject(chart, 'StatefulSet');
    const svc = onlyObject(chart, 'Service');
    expect(svc.spec.clusterIP).toBe('None');
    expect(sts.spec.serviceName).toBe(svc.metadata.name);
    expect(svc.metadata.labels['app.kubernetes.io/managed-by']).toBe('kapstan');
    for (const [k, v] of Object.entries(svc.spec.selector)) expect(sts.spec.template.metadata.labels[k]).toBe(v);
    for (const [k, v] of Object.entries(sts.spec.selector.matchLabels)) expect(sts.spec.template.metadata.labels[k]).toBe(v);
    expect(sts.spec.replicas).toBe(3);
    expect(sts.spec.podManagementPolicy).toBe('OrderedReady');
    expect(sts.spec.revisionHistoryLimit).toBe(10);
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toBeUndefined();
    expect(db.node.validate()).toEqual([]);
  });

  test('volume claim templates on a storage class (by name or construct), mounted by path', () => {
    const chart = Testing.chart();
    const fast = { name: 'gp3-encrypted' };
    new StatefulSet(chart, 'pg', {
      containers: [postgres],
      volumeClaimTemplates: [
        { name: 'data', storage: Size.gibibytes(20), storageClass: fast, mountPath: '/var/lib/postgresql/data' },
        { name: 'wal', storage: Size.gibibytes(5), storageClass: 'standard', accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD],
          volumeMode: kplus.PersistentVolumeMode.FILE_SYSTEM, mountPath: '/wal' },
      ],
    });
    const sts = onlyObject(chart, 'StatefulSet');
    expect(sts.spec.volumeClaimTemplates).toEqual([
      {
        metadata: { name: 'data', labels: sts.spec.selector.matchLabels },
        spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'gp3-encrypted', resources: { requests: { storage: '20Gi' } } },
      },
      {
        metadata: { name: 'wal', labels: sts.spec.selector.matchLabels },
        spec: { accessModes: ['ReadWriteOncePod'], storageClassName: 'standard', volumeMode: 'Filesystem', resources: { requests: { storage: '5Gi' } } },
      },
    ]);
    const spec = podSpecOf(sts);
    expect(spec.containers[0].volumeMounts).toEqual([
      { name: 'data', mountPath: '/var/lib/postgresql/data' },
      { name: 'wal', mountPath: '/wal' },
    ]);
    // claim-backed volumes are not declared as pod volumes: the controller supplies them
    expect(spec.volumes).toBeUndefined();
  });

  test('claimVolume mounts a template into a chosen container', () => {
    const chart = Testing.chart();
    const db = new StatefulSet(chart, 'pg', {
      containers: [postgres, { name: 'backup', image: 'backup:1' }],
      volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(1) }],
    });
    db.containers[1].mount('/backup', db.claimVolume('data'), { readOnly: true });
    const spec = podSpecOf(onlyObject(chart, 'StatefulSet'));
    expect(spec.containers[1].volumeMounts).toEqual([{ name: 'data', mountPath: '/backup', readOnly: true }]);
  });

  test('partitioned rolling update, parallel pod management, claim retention, history limit', () => {
    const chart = Testing.chart();
    new StatefulSet(chart, 'pg', {
      replicas: 3,
      containers: [postgres],
      strategy: kplus.StatefulSetUpdateStrategy.rollingUpdate({ partition: 2 }),
      podManagementPolicy: kplus.PodManagementPolicy.PARALLEL,
      claimsWhenScaled: ClaimRetention.DELETE,
      revisionHistoryLimit: 5,
    });
    const sts = onlyObject(chart, 'StatefulSet');
    expect(sts.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 2 } });
    expect(sts.spec.podManagementPolicy).toBe('Parallel');
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Delete' });
    expect(sts.spec.revisionHistoryLimit).toBe(5);
  });

  test('a claim template no container mounts fails at synth, naming the construct', () => {
    const chart = Testing.chart();
    new StatefulSet(chart, 'pg', { containers: [postgres], volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(1) }] });
    expect(() => Testing.synth(chart)).toThrow('test/pg: spec: Volume claim template with name "data" is not used by any container mount');
  });

  test.each([
    [{ volumeClaimTemplates: [{ name: 'Data', storage: Size.gibibytes(1), mountPath: '/d' }] }, 'test/pg: volumeClaimTemplates[0].name: must be a DNS-1123 label (got "Data")'],
    [{ volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(1), mountPath: 'data' }] }, 'test/pg: volumeClaimTemplates[0].mountPath: must be an absolute path (got "data")'],
    [{ replicas: -2 }, 'test/pg: replicas: must be a whole number >= 0 (got -2)'],
    [{ revisionHistoryLimit: -1 }, 'test/pg: revisionHistoryLimit: must be a whole number >= 0 (got -1)'],
  ])('bad props are rejected with the path and field: %j', (props, message) => {
    const chart = Testing.chart();
    expect(() => new StatefulSet(chart, 'pg', { ...props, containers: [postgres] })).toThrow(message);
  });

  test('claimVolume for an unknown template is rejected', () => {
    const chart = Testing.chart();
    const db = new StatefulSet(chart, 'pg', { containers: [postgres] });
    expect(() => db.claimVolume('nope')).toThrow('test/pg: volumeClaimTemplates: has no template named "nope"');
  });
});
