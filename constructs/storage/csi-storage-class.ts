import { Construct } from 'constructs';
import { KapstanResourceProps } from '../object-metadata';
import { constructError } from '../errors';
import { ReclaimPolicy, StorageClassProps, VolumeBindingMode } from './storage-class';

/** File systems the CSI drivers can format volumes with. */
export type FsType = 'ext4' | 'xfs' | 'ext3' | 'ext2' | 'btrfs' | 'ntfs';

/** The props the cloud-disk CSI presets (AWS EBS, GCE PD) share; each adds its driver's own. */
export interface CsiStorageClassProps extends KapstanResourceProps {
  /** File system. Default ext4 (the driver's default). */
  readonly fsType?: FsType;
  /** Default Retain (see StorageClassProps). */
  readonly reclaimPolicy?: ReclaimPolicy;
  /** Default WaitForFirstConsumer: cloud disks are zonal and must follow the pod. */
  readonly volumeBindingMode?: VolumeBindingMode;
  /** Default true: the disks can be grown online. */
  readonly allowVolumeExpansion?: boolean;
  /** Make this the cluster's default class. Default false. */
  readonly isDefault?: boolean;
  /** Restrict to these zones. */
  readonly zones?: string[];
  /** Extra driver parameters (e.g. EBS `tagSpecification_1`, GCE `labels`); typed fields win on conflict. */
  readonly extraParameters?: Record<string, string>;
}

/**
 * The StorageClass props of a cloud-disk preset: the driver's typed parameters on top of
 * `extraParameters`, plus the `fsType` parameter every CSI driver reads, and volume expansion on
 * unless turned off.
 */
export function csiStorageClassProps(props: CsiStorageClassProps, provisioner: string, driverParameters: Record<string, string>): StorageClassProps {
  const parameters: Record<string, string> = { ...props.extraParameters, ...driverParameters };
  if (props.fsType !== undefined) parameters['csi.storage.k8s.io/fstype'] = props.fsType;
  return { ...props, provisioner, parameters, allowVolumeExpansion: props.allowVolumeExpansion ?? true };
}

/** Throws (naming the construct) when `type` is not one of the driver's volume types; `what` names them, e.g. "an EBS volume type". */
export function checkVolumeType(scope: Construct, type: string, types: Record<string, string>, what: string): void {
  if (!Object.values(types).includes(type)) {
    throw constructError(scope, 'parameters.type', `"${type}" is not ${what} (${Object.values(types).join(', ')})`);
  }
}
