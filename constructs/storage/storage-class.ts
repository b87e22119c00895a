import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { KapstanResourceProps, kapstanMetadata } from '../object-metadata';
import { constructError } from '../errors';

/** What happens to a dynamically provisioned volume when its claim is deleted. */
export enum ReclaimPolicy {
  /** Keep the volume (and its data); an operator deletes it by hand. */
  RETAIN = 'Retain',
  /** Delete the volume with its claim. */
  DELETE = 'Delete',
}

/** When a volume is provisioned and bound. */
export enum VolumeBindingMode {
  /** As soon as the claim is created (topology-unaware). */
  IMMEDIATE = 'Immediate',
  /** When the first pod using the claim is scheduled, so the volume lands in the pod's zone. */
  WAIT_FOR_FIRST_CONSUMER = 'WaitForFirstConsumer',
}

export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
const ZONE_LABEL = 'topology.kubernetes.io/zone';

export interface StorageClassProps extends KapstanResourceProps {
  /** The provisioner (CSI driver name), e.g. `ebs.csi.aws.com`. */
  readonly provisioner: string;
  /** Provisioner-specific parameters. */
  readonly parameters?: Record<string, string>;
  /**
   * What happens to volumes when their claim is deleted. Default Retain: deleting a claim by
   * mistake must not destroy data (Kubernetes itself defaults to Delete).
   */
  readonly reclaimPolicy?: ReclaimPolicy;
  /** When volumes are bound. Default WaitForFirstConsumer (volumes follow pod placement). */
  readonly volumeBindingMode?: VolumeBindingMode;
  /** Whether claims may be resized. Default false. */
  readonly allowVolumeExpansion?: boolean;
  /** Mark as the cluster's default class (annotation). At most one class should be. Default false. */
  readonly isDefault?: boolean;
  /** Mount options for volumes of this class, e.g. `nfsvers=4.1`. */
  readonly mountOptions?: string[];
  /** Restrict provisioning to these zones (`topology.kubernetes.io/zone`). */
  readonly zones?: string[];
}

/**
 * A StorageClass (cluster-scoped). cdk8s-plus has none, so this is written on the low-level
 * type. Presets for common CSI drivers extend it.
 */
export class StorageClass extends Construct {
  public readonly apiObject: ApiObject;
  public readonly provisioner: string;
  public readonly reclaimPolicy: ReclaimPolicy;
  public readonly volumeBindingMode: VolumeBindingMode;

  constructor(scope: Construct, id: string, props: StorageClassProps) {
    super(scope, id);
    if (!props.provisioner || !/^[a-zA-Z0-9]([-a-zA-Z0-9._/]*[a-zA-Z0-9])?$/.test(props.provisioner)) {
      throw constructError(this, 'provisioner', `"${props.provisioner ?? ''}" is not a provisioner name (e.g. ebs.csi.aws.com)`);
    }
    for (const [key, value] of Object.entries(props.parameters ?? {})) {
      if (typeof value !== 'string') throw constructError(this, `parameters.${key}`, `must be a string (got ${typeof value})`);
    }
    if (props.zones && props.zones.length === 0) throw constructError(this, 'allowedTopologies', 'zones must not be empty when given');
    this.provisioner = props.provisioner;
    this.reclaimPolicy = props.reclaimPolicy ?? ReclaimPolicy.RETAIN;
    this.volumeBindingMode = props.volumeBindingMode ?? VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER;
    const metadata = kapstanMetadata(props);
    if (metadata.namespace) throw constructError(this, 'metadata.namespace', 'a StorageClass is cluster-scoped and has no namespace');
    const annotations = props.isDefault ? { ...metadata.annotations, [DEFAULT_CLASS_ANNOTATION]: 'true' } : metadata.annotations;
    this.apiObject = new k8s.KubeStorageClass(this, 'Resource', {
      metadata: { ...metadata, annotations },
      provisioner: props.provisioner,
      parameters: props.parameters && Object.keys(props.parameters).length ? { ...props.parameters } : undefined,
      reclaimPolicy: this.reclaimPolicy,
      volumeBindingMode: this.volumeBindingMode,
      allowVolumeExpansion: props.allowVolumeExpansion ?? false,
      mountOptions: props.mountOptions,
      allowedTopologies: props.zones
        ? [{ matchLabelExpressions: [{ key: ZONE_LABEL, values: [...props.zones] }] }]
        : undefined,
    });
  }

  /** The StorageClass name (what claims put in `storageClassName`). */
  public get name(): string {
    return this.apiObject.name;
  }
}
