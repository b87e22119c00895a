import { Construct } from 'constructs';
import { constructError, KapstanResourceProps } from '../object-metadata';
import { FsType } from './aws-ebs-storage-class';
import { ReclaimPolicy, StorageClass, VolumeBindingMode } from './storage-class';

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

export interface GcePdStorageClassProps extends KapstanResourceProps {
  /** Disk type. Default pd-balanced. */
  readonly type?: GcePdDiskType;
  /** Replicate the disk synchronously across two zones (regional PD). Default false. */
  readonly regional?: boolean;
  /** Cloud KMS key (`projects/.../cryptoKeys/...`) for customer-managed encryption. */
  readonly kmsKey?: string;
  /** IOPS provisioned at creation (pd-extreme and hyperdisk types). */
  readonly provisionedIops?: number;
  /** Throughput in MiB/s provisioned at creation (hyperdisk types). */
  readonly provisionedThroughput?: number;
  /** File system. Default ext4 (the driver's default). */
  readonly fsType?: FsType;
  /** Default Retain (see StorageClassProps). */
  readonly reclaimPolicy?: ReclaimPolicy;
  /** Default WaitForFirstConsumer: zonal disks must follow the pod. */
  readonly volumeBindingMode?: VolumeBindingMode;
  /** Default true. */
  readonly allowVolumeExpansion?: boolean;
  /** Make this the cluster's default class. Default false. */
  readonly isDefault?: boolean;
  /** Restrict to these zones; a regional disk needs exactly two when given. */
  readonly zones?: string[];
  /** Extra driver parameters (e.g. `labels`); typed fields win on conflict. */
  readonly extraParameters?: Record<string, string>;
}

const IOPS_TYPES = [GcePdDiskType.EXTREME, GcePdDiskType.HYPERDISK_BALANCED, GcePdDiskType.HYPERDISK_EXTREME];
const THROUGHPUT_TYPES = [GcePdDiskType.HYPERDISK_BALANCED, GcePdDiskType.HYPERDISK_THROUGHPUT];

/** A StorageClass for the GCE Persistent Disk CSI driver (`pd.csi.storage.gke.io`). */
export class GcePdStorageClass extends StorageClass {
  public static readonly PROVISIONER = 'pd.csi.storage.gke.io';

  constructor(scope: Construct, id: string, props: GcePdStorageClassProps = {}) {
    const type = props.type ?? GcePdDiskType.BALANCED;
    const parameters: Record<string, string> = { ...props.extraParameters, type, 'replication-type': props.regional ? 'regional-pd' : 'none' };
    if (props.kmsKey !== undefined) parameters['disk-encryption-kms-key'] = props.kmsKey;
    if (props.provisionedIops !== undefined) parameters['provisioned-iops-on-create'] = String(props.provisionedIops);
    if (props.provisionedThroughput !== undefined) parameters['provisioned-throughput-on-create'] = `${props.provisionedThroughput}Mi`;
    if (props.fsType !== undefined) parameters['csi.storage.k8s.io/fstype'] = props.fsType;
    super(scope, id, {
      ...props,
      provisioner: GcePdStorageClass.PROVISIONER,
      parameters,
      allowVolumeExpansion: props.allowVolumeExpansion ?? true,
    });
    if (!Object.values(GcePdDiskType).includes(type)) {
      throw constructError(this, 'parameters.type', `"${type}" is not a GCE disk type (${Object.values(GcePdDiskType).join(', ')})`);
    }
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
