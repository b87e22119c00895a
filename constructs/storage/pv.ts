import * as kplus from 'cdk8s-plus-34';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { KapstanResourceProps, kapstanMetadata } from '../object-metadata';
import { constructError } from '../errors';
import { sizeProblem, sizeToQuantity, StorageSize } from './size';
import { ReclaimPolicy, StorageClass } from './storage-class';

/** Where a pre-provisioned volume's data lives. Exactly one field must be set. */
export interface PersistentVolumeSource {
  /** A volume managed by a CSI driver (e.g. an existing EBS volume via `ebs.csi.aws.com`). */
  readonly csi?: { driver: string; volumeHandle: string; fsType?: string; readOnly?: boolean; volumeAttributes?: Record<string, string> };
  /** An NFS export. */
  readonly nfs?: { server: string; path: string; readOnly?: boolean };
  /** A local disk on one node; needs `nodeNames`. */
  readonly local?: { path: string; fsType?: string };
  /** A directory on the node (single-node test clusters only). */
  readonly hostPath?: { path: string; type?: string };
}

export interface PersistentVolumeProps extends KapstanResourceProps {
  /** Capacity (`Size.gibibytes(100)` or `'100Gi'`). Required. */
  readonly storage: StorageSize;
  /** Where the data lives. */
  readonly source: PersistentVolumeSource;
  /** Access modes. Default [ReadWriteOnce]. */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];
  /** What happens when the claim is released. Default Retain. */
  readonly reclaimPolicy?: ReclaimPolicy;
  /** Storage class (construct or name) claims must ask for. Default: none (`""`-class claims only). */
  readonly storageClass?: StorageClass | string;
  /** Mount options, e.g. `nfsvers=4.1`. */
  readonly mountOptions?: string[];
  /** Filesystem or raw block device. Default Filesystem. */
  readonly volumeMode?: kplus.PersistentVolumeMode;
  /** Reserve the volume for this claim. */
  readonly claim?: kplus.IPersistentVolumeClaim;
  /** Nodes that can reach the volume (required for `local`). */
  readonly nodeNames?: string[];
}

/**
 * A pre-provisioned PersistentVolume, built on the cdk8s-plus volume (so claims can bind to it
 * and workloads mount it) with CSI, NFS, local and hostPath sources.
 */
export class PersistentVolume extends kplus.PersistentVolume {
  public readonly storageQuantity: string;
  private readonly source: PersistentVolumeSource;
  private readonly nodeNames?: string[];

  constructor(scope: Construct, id: string, props: PersistentVolumeProps) {
    const storageClassName = typeof props.storageClass === 'string' ? props.storageClass : props.storageClass?.name;
    super(scope, id, {
      metadata: kapstanMetadata(props),
      accessModes: props.accessModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
      reclaimPolicy: (props.reclaimPolicy ?? ReclaimPolicy.RETAIN) as string as kplus.PersistentVolumeReclaimPolicy,
      storageClassName,
      mountOptions: props.mountOptions,
      volumeMode: props.volumeMode,
      claim: props.claim,
    });
    if (props.metadata?.namespace) throw constructError(this, 'metadata.namespace', 'a PersistentVolume is cluster-scoped and has no namespace');
    if (props.storage === undefined) throw constructError(this, 'spec.capacity.storage', 'a volume needs a capacity (e.g. 100Gi)');
    const problem = sizeProblem(props.storage);
    if (problem) throw constructError(this, 'spec.capacity.storage', problem);
    const kinds = Object.entries(props.source ?? {}).filter(([, v]) => v !== undefined).map(([k]) => k);
    if (kinds.length !== 1) throw constructError(this, 'spec', `set exactly one volume source (csi, nfs, local or hostPath); got ${kinds.length ? kinds.join(', ') : 'none'}`);
    if (props.source.local && !props.nodeNames?.length) throw constructError(this, 'spec.nodeAffinity', 'a local volume must name the nodes that hold it (nodeNames)');
    if (props.source.nfs && !props.source.nfs.path.startsWith('/')) throw constructError(this, 'spec.nfs.path', `"${props.source.nfs.path}" must be an absolute path`);
    if (props.source.csi && (!props.source.csi.driver || !props.source.csi.volumeHandle)) throw constructError(this, 'spec.csi', 'needs a driver and a volumeHandle');
    this.storageQuantity = sizeToQuantity(props.storage);
    this.source = props.source;
    this.nodeNames = props.nodeNames;
  }

  /** @internal */
  public _toKube(): k8s.PersistentVolumeSpec {
    const { csi, nfs, local, hostPath } = this.source;
    return {
      claimRef: this.claim ? { name: this.claim.name, namespace: claimNamespace(this.claim) } : undefined,
      accessModes: this.accessModes?.map((a) => a.toString()),
      capacity: { storage: k8s.Quantity.fromString(this.storageQuantity) },
      mountOptions: this.mountOptions,
      storageClassName: this.storageClassName,
      persistentVolumeReclaimPolicy: this.reclaimPolicy,
      volumeMode: this.mode,
      csi,
      nfs,
      local,
      hostPath,
      nodeAffinity: this.nodeNames?.length
        ? { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [...this.nodeNames] }] }] } }
        : undefined,
    };
  }
}

/** The namespace of a claim construct; imported claims (by name only) carry none. */
function claimNamespace(claim: kplus.IPersistentVolumeClaim): string | undefined {
  return (claim as { metadata?: { namespace?: string } }).metadata?.namespace;
}
