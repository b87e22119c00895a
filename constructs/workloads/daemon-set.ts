import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { ContainerProps, addKapstanContainer } from './container';
import { check, checkCount } from '../errors';
import { PodTemplateProps, PodTemplateState, ReplacedKplusProps, finishPodSpec, initPodTemplate, kplusPodProps, podSelectorConfig } from './pod-template';

/** Options for `DaemonSetUpdateStrategy.rollingUpdate`. */
export interface DaemonSetRollingUpdateOptions {
  /** Nodes whose pod may be down at once during an update. @default 1 */
  readonly maxUnavailable?: kplus.PercentOrAbsolute;
  /** Nodes that may run an old and a new pod at once (needs maxUnavailable 0 to be useful). @default 0 */
  readonly maxSurge?: kplus.PercentOrAbsolute;
}

/** How a DaemonSet replaces its pods when the template changes. */
export class DaemonSetUpdateStrategy {
  /** Replace pods node by node, within the given budget. */
  public static rollingUpdate(options: DaemonSetRollingUpdateOptions = {}): DaemonSetUpdateStrategy {
    return new DaemonSetUpdateStrategy('RollingUpdate', options);
  }

  /** Only replace a pod when someone deletes it. */
  public static onDelete(): DaemonSetUpdateStrategy {
    return new DaemonSetUpdateStrategy('OnDelete', {});
  }

  private constructor(public readonly type: 'RollingUpdate' | 'OnDelete', public readonly options: DaemonSetRollingUpdateOptions) {}

  /** The rendered `spec.updateStrategy`; `omitDefaultSurge` leaves out a maxSurge nobody set (0). */
  public toKube(omitDefaultSurge = false): kplus.k8s.DaemonSetUpdateStrategy {
    if (this.type === 'OnDelete') return { type: 'OnDelete' };
    const maxUnavailable = this.options.maxUnavailable ?? kplus.PercentOrAbsolute.absolute(1);
    const maxSurge = this.options.maxSurge ?? (omitDefaultSurge ? undefined : kplus.PercentOrAbsolute.absolute(0));
    return {
      type: 'RollingUpdate',
      rollingUpdate: {
        maxUnavailable: toIntOrString(maxUnavailable),
        maxSurge: maxSurge && toIntOrString(maxSurge),
      },
    };
  }
}

// A count must be rendered as a number: Kubernetes reads a string IntOrString as a percentage.
function toIntOrString(value: kplus.PercentOrAbsolute): kplus.k8s.IntOrString {
  return typeof value.value === 'number' ? kplus.k8s.IntOrString.fromNumber(value.value) : kplus.k8s.IntOrString.fromString(value.value);
}

/** Props for `DaemonSet`. */
export interface DaemonSetProps extends Omit<kplus.DaemonSetProps, ReplacedKplusProps>, PodTemplateProps {
  /** How pods are replaced on update. @default rollingUpdate({ maxUnavailable: 1 }) */
  readonly updateStrategy?: DaemonSetUpdateStrategy;
  /** How many old revisions to keep for rollback. @default 10 */
  readonly revisionHistoryLimit?: number;
}

/**
 * One pod per (matching) node. For node agents, set `tolerateAll: true` so taints such as
 * control-plane or NoExecute do not keep the agent off a node.
 */
export class DaemonSet extends kplus.DaemonSet {
  private readonly template: PodTemplateState;
  private readonly updateStrategy: DaemonSetUpdateStrategy;
  private readonly revisionHistoryLimit: number;
  private readonly omitDefaults: boolean;
  private readonly minReadySet: boolean;

  constructor(scope: Construct, id: string, props: DaemonSetProps = {}) {
    super(scope, id, { ...kplusPodProps(props), select: false, spread: false });
    checkCount(props.minReadySeconds, this, 'minReadySeconds');
    checkCount(props.revisionHistoryLimit, this, 'revisionHistoryLimit');
    this.updateStrategy = props.updateStrategy ?? DaemonSetUpdateStrategy.rollingUpdate();
    const { maxUnavailable, maxSurge } = this.updateStrategy.options;
    check(!(maxUnavailable?.isZero() && (maxSurge === undefined || maxSurge.isZero())), this, 'updateStrategy',
      'must allow maxUnavailable or maxSurge above zero, or the rollout can never progress');
    this.revisionHistoryLimit = props.revisionHistoryLimit ?? 10;
    this.omitDefaults = props.omitDefaults ?? false;
    this.minReadySet = props.minReadySeconds !== undefined;
    this.template = initPodTemplate(this, id, props);
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
  public _toKube(): kplus.k8s.DaemonSetSpec {
    const spec = { ...super._toKube(), updateStrategy: this.updateStrategy.toKube(this.omitDefaults), revisionHistoryLimit: this.revisionHistoryLimit };
    // omitDefaults: kplus writes minReadySeconds: 0 (the API default) unless told otherwise.
    if (this.omitDefaults && !this.minReadySet && spec.minReadySeconds === 0) delete spec.minReadySeconds;
    return spec;
  }
}
