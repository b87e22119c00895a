import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import {
  AwsEbsStorageClass, PersistentVolume, PersistentVolumeAccessMode, PersistentVolumeClaim, PersistentVolumeMode, ReclaimPolicy,
} from '../../../../constructs/storage';

describe('PersistentVolumeClaim', () => {
  test('defaults to ReadWriteOnce Filesystem on the cluster default class', () => {
    const chart = Testing.chart();
    new PersistentVolumeClaim(chart, 'data', { storage: '20Gi' });
    const [pvc] = Testing.synth(chart);
    expect(pvc.spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } }, volumeMode: 'Filesystem' });
  });

  test('takes a StorageClass construct and a Size in the largest whole unit', () => {
    const chart = Testing.chart();
    const sc = new AwsEbsStorageClass(chart, 'gp3', { metadata: { name: 'gp3' } });
    new PersistentVolumeClaim(chart, 'a', { storage: Size.mebibytes(512), storageClass: sc, accessModes: [PersistentVolumeAccessMode.READ_WRITE_ONCE_POD] });
    new PersistentVolumeClaim(chart, 'b', { storage: Size.gibibytes(2048), storageClass: 'standard', volumeMode: PersistentVolumeMode.BLOCK });
    const [, a, b] = Testing.synth(chart);
    expect(a.spec).toMatchObject({ storageClassName: 'gp3', accessModes: ['ReadWriteOncePod'], resources: { requests: { storage: '512Mi' } } });
    expect(b.spec).toMatchObject({ storageClassName: 'standard', volumeMode: 'Block', resources: { requests: { storage: '2Ti' } } });
  });

  test('can be mounted by a cdk8s-plus workload', () => {
    const chart = Testing.chart();
    const claim = new PersistentVolumeClaim(chart, 'data', { storage: '1Gi' });
    const deployment = new kplus.Deployment(chart, 'app', { containers: [{ image: 'busybox:1.36' }] });
    deployment.addVolume(kplus.Volume.fromPersistentVolumeClaim(chart, 'vol', claim));
    const dep = Testing.synth(chart).find((o) => o.kind === 'Deployment');
    expect(dep.spec.template.spec.volumes[0].persistentVolumeClaim.claimName).toBe(claim.name);
  });

  test('errors name the construct path and the field', () => {
    const chart = Testing.chart();
    expect(() => new PersistentVolumeClaim(chart, 'a', {} as never)).toThrow('test/a: spec.resources.requests.storage: a claim needs a size (e.g. 10Gi)');
    expect(() => new PersistentVolumeClaim(chart, 'b', { storage: '10 GB' })).toThrow('test/b: spec.resources.requests.storage: "10 GB" is not a storage size (e.g. 10Gi)');
    expect(() => new PersistentVolumeClaim(chart, 'c', { storage: '0' })).toThrow('test/c: spec.resources.requests.storage: must be positive (got 0)');
    expect(() => new PersistentVolumeClaim(chart, 'd', { storage: '1Gi', accessModes: [] })).toThrow('test/d: spec.accessModes: needs at least one access mode');
  });
});

describe('PersistentVolume', () => {
  test('NFS volume reserved for a claim', () => {
    const chart = Testing.chart();
    const claim = new PersistentVolumeClaim(chart, 'claim', { storage: '10Gi', storageClass: '', metadata: { namespace: 'shop' } });
    new PersistentVolume(chart, 'pv', {
      storage: Size.gibibytes(10),
      source: { nfs: { server: '10.0.0.5', path: '/exports/shop' } },
      accessModes: [PersistentVolumeAccessMode.READ_WRITE_MANY],
      mountOptions: ['nfsvers=4.1'],
      claim,
    });
    const pv = Testing.synth(chart).find((o) => o.kind === 'PersistentVolume');
    expect(pv.metadata.namespace).toBeUndefined();
    expect(pv.spec).toEqual({
      accessModes: ['ReadWriteMany'],
      capacity: { storage: '10Gi' },
      claimRef: { name: claim.name, namespace: 'shop' },
      mountOptions: ['nfsvers=4.1'],
      nfs: { server: '10.0.0.5', path: '/exports/shop' },
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
    });
  });

  test('existing CSI volume and a local disk pinned to nodes', () => {
    const chart = Testing.chart();
    new PersistentVolume(chart, 'ebs', {
      storage: '100Gi', storageClass: 'gp3', reclaimPolicy: ReclaimPolicy.DELETE,
      source: { csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-0123456789abcdef0', fsType: 'ext4' } },
    });
    new PersistentVolume(chart, 'local', { storage: '500Gi', source: { local: { path: '/mnt/disks/ssd1' } }, nodeNames: ['node-1'] });
    const [ebs, local] = Testing.synth(chart);
    expect(ebs.spec).toMatchObject({
      storageClassName: 'gp3', persistentVolumeReclaimPolicy: 'Delete',
      csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-0123456789abcdef0', fsType: 'ext4' },
    });
    expect(local.spec.local).toEqual({ path: '/mnt/disks/ssd1' });
    expect(local.spec.nodeAffinity).toEqual({
      required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-1'] }] }] },
    });
  });

  test('errors name the construct path and the field', () => {
    const chart = Testing.chart();
    expect(() => new PersistentVolume(chart, 'a', { storage: '1Gi', source: {} }))
      .toThrow('test/a: spec: set exactly one volume source (csi, nfs, local or hostPath); got none');
    expect(() => new PersistentVolume(chart, 'b', { storage: '1Gi', source: { nfs: { server: 'x', path: '/a' }, hostPath: { path: '/b' } } }))
      .toThrow('test/b: spec: set exactly one volume source (csi, nfs, local or hostPath); got nfs, hostPath');
    expect(() => new PersistentVolume(chart, 'c', { storage: '1Gi', source: { local: { path: '/mnt' } } }))
      .toThrow('test/c: spec.nodeAffinity: a local volume must name the nodes that hold it (nodeNames)');
    expect(() => new PersistentVolume(chart, 'd', { storage: '1Gi', source: { nfs: { server: 'x', path: 'rel' } } }))
      .toThrow('test/d: spec.nfs.path: "rel" must be an absolute path');
    expect(() => new PersistentVolume(chart, 'e', { storage: '1Gi', source: { hostPath: { path: '/x' } }, metadata: { namespace: 'a' } }))
      .toThrow('test/e: metadata.namespace: a PersistentVolume is cluster-scoped and has no namespace');
  });
});
