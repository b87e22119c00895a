import { Construct } from 'constructs';
import { constructError } from '../errors';
import { checkVolumeType, CsiStorageClassProps, csiStorageClassProps } from './csi-storage-class';
import { StorageClass } from './storage-class';

/** Disk types the GCE PD CSI driver provisions. */
export enum GcePdDiskType {
  BALANCED = 'pd-balanced',
  SSD = 'pd-ssd',
  STANDARD = 'pd-standard',
  EXTREME = 'pd-extreme',
  HYPERDISK_BALANCED = 'hyperdisk-balanced',
  HYPERDISK_THROUGHPUT = 'hyperdisk-throughput',
  HYPERDISK_EXTREME = 'hyperdisk-extreme',
}

export interface GcePdStorageClassProps extends CsiStorageClassProps {
  /** Disk type. Default pd-balanced. */
  readonly type?: GcePdDiskType;
  /** Replicate the disk synchronously across two zones (regional PD); `zones`, when given, must name exactly two. Default false. */
  readonly regional?: boolean;
  /** Cloud KMS key (`projects/.../cryptoKeys/...`) for customer-managed encryption. */
  readonly kmsKey?: string;
  /** IOPS provisioned at creation (pd-extreme and hyperdisk types). */
  readonly provisionedIops?: number;
  /** Throughput in MiB/s provisioned at creation (hyperdisk types). */
  readonly provisionedThroughput?: number;
}

const IOPS_TYPES = [GcePdDiskType.EXTREME, GcePdDiskType.HYPERDISK_BALANCED, GcePdDiskType.HYPERDISK_EXTREME];
const THROUGHPUT_TYPES = [GcePdDiskType.HYPERDISK_BALANCED, GcePdDiskType.HYPERDISK_THROUGHPUT];

/** A StorageClass for the GCE Persistent Disk CSI driver (`pd.csi.storage.gke.io`). */
export class GcePdStorageClass extends StorageClass {
  public static readonly PROVISIONER = 'pd.csi.storage.gke.io';

  constructor(scope: Construct, id: string, props: GcePdStorageClassProps = {}) {
    const type = props.type ?? GcePdDiskType.BALANCED;
    const parameters: Record<string, string> = { type, 'replication-type': props.regional ? 'regional-pd' : 'none' };
    if (props.kmsKey !== undefined) parameters['disk-encryption-kms-key'] = props.kmsKey;
    if (props.provisionedIops !== undefined) parameters['provisioned-iops-on-create'] = String(props.provisionedIops);
    if (props.provisionedThroughput !== undefined) parameters['provisioned-throughput-on-create'] = `${props.provisionedThroughput}Mi`;
    super(scope, id, csiStorageClassProps(props, GcePdStorageClass.PROVISIONER, parameters));
    checkVolumeType(this, type, GcePdDiskType, 'a GCE disk type');
    if (props.regional && props.zones && props.zones.length !== 2) {
      throw constructError(this, 'allowedTopologies', `a regional disk spans exactly two zones (got ${props.zones.length})`);
    }
    if (props.provisionedIops !== undefined) {
      if (!IOPS_TYPES.includes(type)) throw constructError(this, 'parameters.provisioned-iops-on-create', `only ${IOPS_TYPES.join(', ')} take provisioned IOPS (type is ${type})`);
      if (!Number.isInteger(props.provisionedIops) || props.provisionedIops <= 0) throw constructError(this, 'parameters.provisioned-iops-on-create', `must be a positive integer (got ${props.provisionedIops})`);
    }
    if (props.provisionedThroughput !== undefined) {
      if (!THROUGHPUT_TYPES.includes(type)) throw constructError(this, 'parameters.provisioned-throughput-on-create', `only ${THROUGHPUT_TYPES.join(', ')} take provisioned throughput (type is ${type})`);
      if (!Number.isInteger(props.provisionedThroughput) || props.provisionedThroughput <= 0) throw constructError(this, 'parameters.provisioned-throughput-on-create', `must be a positive integer of MiB/s (got ${props.provisionedThroughput})`);
    }
  }
}
