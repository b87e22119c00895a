// PostgreSQL: a primary and two streaming replicas on one StatefulSet (headless Service, -rw and
// -ro Services, claim templates on an EBS StorageClass), using the PostgresCluster pattern.
import type { Construct } from 'constructs';
import { AwsEbsStorageClass, EbsVolumeType, PostgresCluster } from '../constructs';
import { Stack } from '../stacks';

export function postgresExample(scope: Construct): Stack {
  const stack = new Stack(scope, 'orders-db', { namespace: 'orders', labels: { team: 'orders' } });
  const storage = new AwsEbsStorageClass(stack, 'Storage', {
    metadata: { name: 'gp3-encrypted' },
    type: EbsVolumeType.GP3,
    encrypted: true,
    allowVolumeExpansion: true,
  });
  new PostgresCluster(stack, 'orders-pg', {
    instances: 3,
    version: '17.6',
    storageClassName: storage.name,
    storageSize: '50Gi',
    database: 'orders',
    zoneAntiAffinity: 'required',
    parameters: { max_connections: 300, shared_buffers: '512MB' },
    resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } },
  });
  return stack;
}
