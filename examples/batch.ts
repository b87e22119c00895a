// Batch: a nightly CronJob that backs up a shared volume, and an Indexed Job that processes
// eight shards; both on an NFS-backed PersistentVolume bound to a claim.
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import type { Construct } from 'constructs';
import {
  CompletionMode, CronJob, Job, NfsStorageClass, PersistentVolume, PersistentVolumeClaim,
} from '../constructs';
import { Stack } from '../stacks';

export function batchExample(scope: Construct): Stack {
  const stack = new Stack(scope, 'batch', { namespace: 'analytics', labels: { team: 'data' } });

  const nfs = new NfsStorageClass(stack, 'Nfs', { metadata: { name: 'nfs-shared' }, server: 'nfs.internal.example.com', share: '/exports' });
  const volume = new PersistentVolume(stack, 'ReportsVolume', {
    metadata: { name: 'reports-nfs' },
    storage: Size.gibibytes(200),
    storageClass: nfs,
    accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
    source: { nfs: { server: 'nfs.internal.example.com', path: '/exports/reports' } },
  });
  const claim = new PersistentVolumeClaim(stack, 'Reports', {
    metadata: { name: 'reports' },
    storage: Size.gibibytes(200),
    storageClass: nfs,
    accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
    volume,
  });
  const reports = kplus.Volume.fromPersistentVolumeClaim(stack, 'ReportsMount', claim);
  const resources = {
    cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.units(2) },
    memory: { request: Size.gibibytes(1), limit: Size.gibibytes(2) },
  };

  new CronJob(stack, 'NightlyBackup', {
    metadata: { name: 'nightly-backup' },
    app: { name: 'nightly-backup', component: 'backup', partOf: 'reports' },
    schedule: '30 2 * * *',
    timeZone: 'Europe/Berlin',
    concurrencyPolicy: kplus.ConcurrencyPolicy.FORBID,
    successfulJobsRetained: 3,
    failedJobsRetained: 1,
    startingDeadline: Duration.minutes(30),
    backoffLimit: 2,
    activeDeadline: Duration.hours(2),
    containers: [
      {
        name: 'backup',
        image: 'ghcr.io/acme/backup:1.8.0',
        args: ['--source', '/data', '--target', 's3://acme-backups/reports'],
        resources,
        volumeMounts: [{ path: '/data', volume: reports, readOnly: true }],
      },
    ],
  });

  new Job(stack, 'ShardReport', {
    metadata: { name: 'shard-report' },
    app: { name: 'shard-report', component: 'report', partOf: 'reports' },
    completionMode: CompletionMode.INDEXED,
    completions: 8,
    parallelism: 4,
    backoffLimitPerIndex: 2,
    maxFailedIndexes: 1,
    activeDeadline: Duration.hours(3),
    ttlAfterFinished: Duration.days(1),
    containers: [
      {
        name: 'worker',
        image: 'ghcr.io/acme/report:4.2.0',
        // JOB_COMPLETION_INDEX (set by Kubernetes) picks this worker's shard.
        args: ['--shards', '8', '--out', '/data/reports'],
        resources,
        volumeMounts: [{ path: '/data', volume: reports }],
      },
    ],
  });
  return stack;
}
