import { Construct } from 'constructs';
import { KapstanResourceProps } from '../object-metadata';
import { constructError } from '../errors';
import { ReclaimPolicy, StorageClass, VolumeBindingMode } from './storage-class';

/** What the NFS driver does with a volume's directory when the volume is deleted. */
export enum NfsOnDelete {
  DELETE = 'delete',
  RETAIN = 'retain',
  ARCHIVE = 'archive',
}

export interface NfsStorageClassProps extends KapstanResourceProps {
  /** NFS server host name or IP. */
  readonly server: string;
  /** Exported path on the server, e.g. `/exports/k8s`. */
  readonly share: string;
  /** Sub-directory per volume; may use `${pvc.metadata.namespace}`-style templates. Default: one per volume. */
  readonly subDir?: string;
  /** Permissions of created directories, e.g. `0770`. Default: the driver's (0). */
  readonly mountPermissions?: string;
  /** What happens to a deleted volume's directory. Default: the driver's (delete). */
  readonly onDelete?: NfsOnDelete;
  /** Mount options. Default [`nfsvers=4.1`]. */
  readonly mountOptions?: string[];
  /** Provisioner name, when the driver was installed under another name. Default `nfs.csi.k8s.io`. */
  readonly provisioner?: string;
  /** Default Retain (see StorageClassProps). */
  readonly reclaimPolicy?: ReclaimPolicy;
  /** Default Immediate: an NFS share is reachable from every node. */
  readonly volumeBindingMode?: VolumeBindingMode;
  /** Default true (the driver only records the new size). */
  readonly allowVolumeExpansion?: boolean;
  /** Make this the cluster's default class. Default false. */
  readonly isDefault?: boolean;
}

/**
 * A StorageClass for an external NFS provisioner: the Kubernetes NFS CSI driver
 * (`nfs.csi.k8s.io`, kubernetes-csi/csi-driver-nfs), which creates a directory per volume on
 * an existing NFS export.
 */
export class NfsStorageClass extends StorageClass {
  public static readonly PROVISIONER = 'nfs.csi.k8s.io';

  constructor(scope: Construct, id: string, props: NfsStorageClassProps) {
    const parameters: Record<string, string> = { server: props.server, share: props.share };
    if (props.subDir !== undefined) parameters.subDir = props.subDir;
    if (props.mountPermissions !== undefined) parameters.mountPermissions = props.mountPermissions;
    if (props.onDelete !== undefined) parameters.onDelete = props.onDelete;
    super(scope, id, {
      ...props,
      provisioner: props.provisioner ?? NfsStorageClass.PROVISIONER,
      parameters,
      mountOptions: props.mountOptions ?? ['nfsvers=4.1'],
      volumeBindingMode: props.volumeBindingMode ?? VolumeBindingMode.IMMEDIATE,
      allowVolumeExpansion: props.allowVolumeExpansion ?? true,
    });
    if (!props.server || /[\s/]/.test(props.server)) throw constructError(this, 'parameters.server', `"${props.server ?? ''}" is not a host name or IP address`);
    if (!props.share?.startsWith('/')) throw constructError(this, 'parameters.share', `"${props.share ?? ''}" must be an absolute path on the server`);
    if (props.mountPermissions !== undefined && !/^0?[0-7]{3,4}$/.test(props.mountPermissions)) {
      throw constructError(this, 'parameters.mountPermissions', `"${props.mountPermissions}" is not an octal mode such as 0770`);
    }
  }
}
