import * as kplus from 'cdk8s-plus-34';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { KapstanResourceProps, kapstanMetadata } from '../object-metadata';
import { constructError } from '../errors';
import { sizeProblem, sizeToQuantity, StorageSize } from './size';
import { StorageClass } from './storage-class';

export { PersistentVolumeAccessMode, PersistentVolumeMode } from 'cdk8s-plus-34';

export interface PersistentVolumeClaimProps extends KapstanResourceProps {
  /** Requested size (`Size.gibibytes(20)` or `'20Gi'`). Required. */
  readonly storage: StorageSize;
  /** Storage class (construct or name). Default: the cluster's default class. */
  readonly storageClass?: StorageClass | string;
  /** Access modes. Default [ReadWriteOnce]. */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];
  /** Filesystem or raw block device. Default Filesystem. */
  readonly volumeMode?: kplus.PersistentVolumeMode;
  /** Bind to this pre-provisioned volume instead of provisioning one. */
  readonly volume?: kplus.IPersistentVolume;
}

/**
 * A PersistentVolumeClaim built on the cdk8s-plus claim (so workloads can mount it with
 * `Volume.fromPersistentVolumeClaim`), taking sizes as `Size` or quantity strings and
 * a StorageClass construct.
 */
export class PersistentVolumeClaim extends kplus.PersistentVolumeClaim {
  /** The requested size as a quantity string, e.g. `20Gi`. */
  public readonly storageQuantity: string;

  constructor(scope: Construct, id: string, props: PersistentVolumeClaimProps) {
    const storageClassName = typeof props.storageClass === 'string' ? props.storageClass : props.storageClass?.name;
    super(scope, id, {
      metadata: kapstanMetadata(props),
      storageClassName,
      accessModes: props.accessModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
      volumeMode: props.volumeMode,
      volume: props.volume,
    });
    if (props.storage === undefined) throw constructError(this, 'spec.resources.requests.storage', 'a claim needs a size (e.g. 10Gi)');
    const problem = sizeProblem(props.storage);
    if (problem) throw constructError(this, 'spec.resources.requests.storage', problem);
    if (props.accessModes && props.accessModes.length === 0) throw constructError(this, 'spec.accessModes', 'needs at least one access mode');
    this.storageQuantity = sizeToQuantity(props.storage);
  }

  /** @internal */
  public _toKube(): k8s.PersistentVolumeClaimSpec {
    return {
      volumeName: this.volume?.name,
      accessModes: this.accessModes?.map((a) => a.toString()),
      resources: { requests: { storage: k8s.Quantity.fromString(this.storageQuantity) } },
      volumeMode: this.volumeMode,
      storageClassName: this.storageClassName,
    };
  }
}
