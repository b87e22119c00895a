import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { ContainerProps, addKapstanContainer } from './container';
import { WorkloadPropError, check, checkCount } from '../errors';
import { PodTemplateProps, PodTemplateState, ReplacedKplusProps, finishPodSpec, initPodTemplate, kplusPodProps, podSelectorConfig, constructingWith } from './pod-template';
import { isDnsLabel } from '../../dns-names';
import { sizeProblem, type StorageSize } from '../storage/size';

/** A storage class given as a name or as any construct that has one (e.g. a Kapstan StorageClass). */
export type StorageClassRef = string | { readonly name: string };

/** One PersistentVolumeClaim template: each pod of the set gets its own claim `<name>-<pod>`. */
export interface VolumeClaimTemplate {
  /** Name of the claim (and of the volume the containers mount). */
  readonly name: string;
  /** Requested size, e.g. `Size.gibibytes(10)` or a quantity written as given, e.g. `'10Gi'`. */
  readonly storage: StorageSize;
  /** Labels of the claims. @default the set's selector labels */
  readonly labels?: Record<string, string>;
  /** The StorageClass to provision from. @default - the cluster's default class */
  readonly storageClass?: StorageClassRef;
  /** @default [READ_WRITE_ONCE] */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];
  /** @default - Filesystem */
  readonly volumeMode?: kplus.PersistentVolumeMode;
  /** Mount the claim at this path in the first container. Mount it elsewhere with `claimVolume(name)`. */
  readonly mountPath?: string;
}

/** What happens to claims from `volumeClaimTemplates` when the set is deleted or scaled down. */
export enum ClaimRetention {
  /** Keep the claims (and data): the Kubernetes default, and the safe one. */
  RETAIN = 'Retain',
  /** Delete the claims with their pods. */
  DELETE = 'Delete',
}

/** Props for `StatefulSet`. */
export interface StatefulSetProps extends Omit<kplus.StatefulSetProps, ReplacedKplusProps | 'volumeClaimTemplates'>, PodTemplateProps {
  /** Per-pod persistent claims. */
  readonly volumeClaimTemplates?: VolumeClaimTemplate[];
  /** How many old revisions (ControllerRevisions) to keep for rollback. @default 10 */
  readonly revisionHistoryLimit?: number;
  /** Claim retention when the set is deleted. @default RETAIN */
  readonly claimsWhenDeleted?: ClaimRetention;
  /** Claim retention when the set is scaled down. @default RETAIN */
  readonly claimsWhenScaled?: ClaimRetention;
}

/**
 * A StatefulSet with a governing headless Service (created unless `service` is given), per-pod
 * claims on a chosen StorageClass, and a partitioned rolling update through
 * `strategy: kplus.StatefulSetUpdateStrategy.rollingUpdate({ partition })`.
 */
export class StatefulSet extends kplus.StatefulSet {
  private readonly template: PodTemplateState;
  private readonly claimTemplates: VolumeClaimTemplate[];
  private readonly kapstanProps: StatefulSetProps;

  constructor(scope: Construct, id: string, props: StatefulSetProps = {}) {
    const constructed = constructingWith(props);
    try {
      super(scope, id, {
        ...kplusPodProps(props),
        select: false,
        spread: false,
        // Kapstan renders the claim templates itself (see renderClaim): kplus only sees their names.
        volumeClaimTemplates: props.volumeClaimTemplates?.map((t) => ({ name: t.name, storage: typeof t.storage === 'string' ? Size.kibibytes(0) : t.storage })),
      });
    } finally {
      constructed();
    }
    this.kapstanProps = props;
    this.claimTemplates = props.volumeClaimTemplates ?? [];
    checkCount(props.replicas, this, 'replicas');
    checkCount(props.revisionHistoryLimit, this, 'revisionHistoryLimit');
    this.template = initPodTemplate(this, id, props);
    this.claimTemplates.forEach((t, i) => {
      check(isDnsLabel(t.name), this, `volumeClaimTemplates[${i}].name`,
        `must be a DNS-1123 label (got "${t.name}")`);
      const problem = typeof t.storage === 'string' ? sizeProblem(t.storage) : (t.storage.toKibibytes() > 0 ? undefined : 'must be larger than zero');
      check(problem === undefined, this, `volumeClaimTemplates[${i}].storage`, problem ?? '');
      if (t.mountPath !== undefined) {
        check(t.mountPath.startsWith('/'), this, `volumeClaimTemplates[${i}].mountPath`, `must be an absolute path (got "${t.mountPath}")`);
        check(this.containers.length > 0, this, `volumeClaimTemplates[${i}].mountPath`, 'needs a container to mount into');
        this.containers[0].mount(t.mountPath, this.claimVolume(t.name));
      }
    });
    if (!props.service) {
      for (const [key, value] of Object.entries(this.template.labels)) this.service.metadata.addLabel(key, value);
    }
  }

  /** The volume that stands for claim template `name`, to mount into a container yourself. */
  public claimVolume(name: string): kplus.Volume {
    check(this.claimTemplates.some((t) => t.name === name), this, 'volumeClaimTemplates', `has no template named "${name}"`);
    const id = `ClaimVolume-${name}`;
    return (this.node.tryFindChild(id) as kplus.Volume | undefined) ?? kplus.Volume.fromName(this, id, name);
  }

  public addContainer(cont: ContainerProps): kplus.Container {
    return addKapstanContainer(this, cont, `containers[${this.containers.length}]`, (p) => super.addContainer(p));
  }

  public addInitContainer(cont: ContainerProps): kplus.Container {
    return addKapstanContainer(this, cont, `initContainers[${this.initContainers.length}]`, (p) => super.addInitContainer(p));
  }

  /** Selects the pods by the app labels when they carry no address label (`podAddressLabel: false`). */
  public toPodSelectorConfig(): kplus.PodSelectorConfig {
    return podSelectorConfig(this, this.template, () => super.toPodSelectorConfig());
  }

  /** @internal */
  public _toPodSpec(): kplus.k8s.PodSpec {
    return finishPodSpec(this, this.template, () => super._toPodSpec());
  }

  /** @internal */
  public _toKube(): kplus.k8s.StatefulSetSpec {
    let spec: kplus.k8s.StatefulSetSpec;
    try {
      spec = super._toKube();
    } catch (e) {
      if (e instanceof WorkloadPropError) throw e;
      throw new WorkloadPropError(this, 'spec', (e as Error).message);
    }
    const props = this.kapstanProps;
    const retention = props.claimsWhenDeleted || props.claimsWhenScaled
      ? { whenDeleted: props.claimsWhenDeleted ?? ClaimRetention.RETAIN, whenScaled: props.claimsWhenScaled ?? ClaimRetention.RETAIN }
      : undefined;
    // omitDefaults: leave out minReadySeconds: 0 and revisionHistoryLimit: 10 nobody set (the API defaults).
    const omit = props.omitDefaults ?? false;
    return {
      ...spec,
      minReadySeconds: omit && props.minReady === undefined && spec.minReadySeconds === 0 ? undefined : spec.minReadySeconds,
      revisionHistoryLimit: props.revisionHistoryLimit ?? (omit ? undefined : 10),
      persistentVolumeClaimRetentionPolicy: retention,
      volumeClaimTemplates: this.claimTemplates.length > 0 ? this.claimTemplates.map((t) => this.renderClaim(t)) : undefined,
    };
  }

  private renderClaim(t: VolumeClaimTemplate): kplus.k8s.KubePersistentVolumeClaimProps {
    const storageClass = t.storageClass;
    return {
      metadata: { name: t.name, labels: { ...(t.labels ?? this.template.selector) } },
      spec: {
        accessModes: t.accessModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
        storageClassName: typeof storageClass === 'string' ? storageClass : storageClass?.name,
        volumeMode: t.volumeMode,
        resources: { requests: { storage: kplus.k8s.Quantity.fromString(typeof t.storage === 'string' ? t.storage : t.storage.asString()) } },
      },
    };
  }
}
