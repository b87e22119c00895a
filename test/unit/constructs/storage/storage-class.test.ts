import { Testing } from 'cdk8s';
import {
  AwsEbsStorageClass, EbsVolumeType, GcePdDiskType, GcePdStorageClass, NfsOnDelete, NfsStorageClass,
  ReclaimPolicy, StorageClass, VolumeBindingMode,
} from '../../../../constructs/storage';

function synthOne(build: (chart: ReturnType<typeof Testing.chart>) => void): any {
  const chart = Testing.chart();
  build(chart);
  return Testing.synth(chart)[0];
}

describe('StorageClass', () => {
  test('safe defaults: Retain, WaitForFirstConsumer, no expansion, not default', () => {
    const sc = synthOne((c) => new StorageClass(c, 'sc', { provisioner: 'example.com/disk' }));
    expect(sc).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: expect.stringMatching(/^test-sc-[0-9a-f]{8}$/), labels: { 'app.kubernetes.io/managed-by': 'kapstan' } },
      provisioner: 'example.com/disk',
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: false,
    });
  });

  test('every field, with the default-class annotation and zones', () => {
    const sc = synthOne((c) => new StorageClass(c, 'sc', {
      metadata: { name: 'fast', annotations: { team: 'storage' } },
      provisioner: 'example.com/disk',
      parameters: { tier: 'gold' },
      reclaimPolicy: ReclaimPolicy.DELETE,
      volumeBindingMode: VolumeBindingMode.IMMEDIATE,
      allowVolumeExpansion: true,
      isDefault: true,
      mountOptions: ['noatime'],
      zones: ['eu-west-1a', 'eu-west-1b'],
    }));
    expect(sc.metadata.annotations).toEqual({ team: 'storage', 'storageclass.kubernetes.io/is-default-class': 'true' });
    expect(sc).toMatchObject({
      provisioner: 'example.com/disk',
      parameters: { tier: 'gold' },
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
      allowVolumeExpansion: true,
      mountOptions: ['noatime'],
      allowedTopologies: [{ matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: ['eu-west-1a', 'eu-west-1b'] }] }],
    });
  });

  test('errors name the construct path and the field', () => {
    const chart = Testing.chart();
    expect(() => new StorageClass(chart, 'a', { provisioner: '' })).toThrow('test/a: provisioner: "" is not a provisioner name (e.g. ebs.csi.aws.com)');
    expect(() => new StorageClass(chart, 'b', { provisioner: 'x.io', metadata: { namespace: 'default' } }))
      .toThrow('test/b: metadata.namespace: a StorageClass is cluster-scoped and has no namespace');
    expect(() => new StorageClass(chart, 'c', { provisioner: 'x.io', parameters: { iops: 3000 as unknown as string } }))
      .toThrow('test/c: parameters.iops: must be a string (got number)');
  });
});

describe('AwsEbsStorageClass', () => {
  test('defaults to encrypted gp3 with expansion', () => {
    const sc = synthOne((c) => new AwsEbsStorageClass(c, 'ebs'));
    expect(sc).toMatchObject({
      provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', encrypted: 'true' },
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    });
  });

  test('gp3 with IOPS, throughput, KMS key and xfs; io2 with IOPS per GiB', () => {
    const gp3 = synthOne((c) => new AwsEbsStorageClass(c, 'ebs', {
      iops: 6000, throughput: 500, kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/abc', fsType: 'xfs', isDefault: true,
      extraParameters: { tagSpecification_1: 'team=db' },
    }));
    expect(gp3.parameters).toEqual({
      type: 'gp3', encrypted: 'true', iops: '6000', throughput: '500',
      kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/abc', 'csi.storage.k8s.io/fstype': 'xfs', tagSpecification_1: 'team=db',
    });
    expect(gp3.metadata.annotations['storageclass.kubernetes.io/is-default-class']).toBe('true');
    const io2 = synthOne((c) => new AwsEbsStorageClass(c, 'io2', { type: EbsVolumeType.IO2, iopsPerGB: 50 }));
    expect(io2.parameters).toEqual({ type: 'io2', encrypted: 'true', iopsPerGB: '50' });
  });

  test.each([
    [{ type: EbsVolumeType.ST1, iops: 3000 }, 'test/ebs: parameters.iops: only gp3, io1 and io2 volumes take provisioned IOPS (type is st1)'],
    [{ iops: 50 }, 'test/ebs: parameters.iops: must be an integer of at least 100 (got 50)'],
    [{ type: EbsVolumeType.GP2, throughput: 250 }, 'test/ebs: parameters.throughput: only gp3 volumes take a throughput (type is gp2)'],
    [{ throughput: 100 }, 'test/ebs: parameters.throughput: must be an integer of at least 125 MiB/s (got 100)'],
    [{ iopsPerGB: 10 }, 'test/ebs: parameters.iopsPerGB: only io1 and io2 volumes take IOPS per GiB (type is gp3)'],
    [{ encrypted: false, kmsKeyId: 'k' }, 'test/ebs: parameters.kmsKeyId: a KMS key needs encrypted volumes (encrypted is false)'],
    [{ type: 'gp9' as EbsVolumeType }, 'test/ebs: parameters.type: "gp9" is not an EBS volume type (gp3, gp2, io1, io2, st1, sc1, standard)'],
  ])('rejects %j', (props, message) => {
    expect(() => new AwsEbsStorageClass(Testing.chart(), 'ebs', props)).toThrow(message);
  });
});

describe('GcePdStorageClass', () => {
  test('defaults to zonal pd-balanced with expansion', () => {
    const sc = synthOne((c) => new GcePdStorageClass(c, 'pd'));
    expect(sc).toMatchObject({
      provisioner: 'pd.csi.storage.gke.io',
      parameters: { type: 'pd-balanced', 'replication-type': 'none' },
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    });
  });

  test('regional hyperdisk with provisioned performance and CMEK', () => {
    const sc = synthOne((c) => new GcePdStorageClass(c, 'pd', {
      type: GcePdDiskType.HYPERDISK_BALANCED, regional: true, zones: ['europe-west1-b', 'europe-west1-c'],
      provisionedIops: 6000, provisionedThroughput: 290, kmsKey: 'projects/p/locations/l/keyRings/r/cryptoKeys/k', fsType: 'ext4',
    }));
    expect(sc.parameters).toEqual({
      type: 'hyperdisk-balanced',
      'replication-type': 'regional-pd',
      'provisioned-iops-on-create': '6000',
      'provisioned-throughput-on-create': '290Mi',
      'disk-encryption-kms-key': 'projects/p/locations/l/keyRings/r/cryptoKeys/k',
      'csi.storage.k8s.io/fstype': 'ext4',
    });
    expect(sc.allowedTopologies[0].matchLabelExpressions[0].values).toEqual(['europe-west1-b', 'europe-west1-c']);
  });

  test.each([
    [{ regional: true, zones: ['a'] }, 'test/pd: allowedTopologies: a regional disk spans exactly two zones (got 1)'],
    [{ provisionedIops: 5000 }, 'test/pd: parameters.provisioned-iops-on-create: only pd-extreme, hyperdisk-balanced, hyperdisk-extreme take provisioned IOPS (type is pd-balanced)'],
    [{ type: GcePdDiskType.SSD, provisionedThroughput: 200 }, 'test/pd: parameters.provisioned-throughput-on-create: only hyperdisk-balanced, hyperdisk-throughput take provisioned throughput (type is pd-ssd)'],
  ])('rejects %j', (props, message) => {
    expect(() => new GcePdStorageClass(Testing.chart(), 'pd', props)).toThrow(message);
  });
});

describe('NfsStorageClass', () => {
  test('external NFS provisioner with Immediate binding and NFSv4.1 mounts', () => {
    const sc = synthOne((c) => new NfsStorageClass(c, 'nfs', {
      server: 'nfs.storage.svc.cluster.local', share: '/exports', subDir: 'k8s', mountPermissions: '0770', onDelete: NfsOnDelete.ARCHIVE,
    }));
    expect(sc).toMatchObject({
      provisioner: 'nfs.csi.k8s.io',
      parameters: { server: 'nfs.storage.svc.cluster.local', share: '/exports', subDir: 'k8s', mountPermissions: '0770', onDelete: 'archive' },
      mountOptions: ['nfsvers=4.1'],
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'Immediate',
      allowVolumeExpansion: true,
    });
  });

  test.each([
    [{ server: '', share: '/x' }, 'test/nfs: parameters.server: "" is not a host name or IP address'],
    [{ server: 'nfs', share: 'exports' }, 'test/nfs: parameters.share: "exports" must be an absolute path on the server'],
    [{ server: 'nfs', share: '/x', mountPermissions: '999' }, 'test/nfs: parameters.mountPermissions: "999" is not an octal mode such as 0770'],
  ])('rejects %j', (props, message) => {
    expect(() => new NfsStorageClass(Testing.chart(), 'nfs', props)).toThrow(message);
  });
});
