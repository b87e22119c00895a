import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { ContainerProps, addKapstanContainer } from './container';
import { check, checkCount, futurePath } from '../errors';
import { PodTemplateProps, PodTemplateState, ReplacedKplusProps, finishPodSpec, initPodTemplate, kplusPodProps, podSelectorConfig } from './pod-template';

/**
 * Props for `Deployment`: kplus' `DeploymentProps` (replicas, `strategy` with maxSurge /
 * maxUnavailable, `minReady`, `progressDeadline`, `revisionHistoryLimit`, serviceAccount,
 * securityContext, volumes...) plus Kapstan's containers, labels and scheduling.
 */
export interface DeploymentProps extends Omit<kplus.DeploymentProps, ReplacedKplusProps>, PodTemplateProps {}

/**
 * A Deployment with production defaults: 2 replicas, rolling update 25%/25%, recommended labels,
 * a selector on the stable labels, non-root containers that drop all capabilities.
 */
export class Deployment extends kplus.Deployment {
  private readonly template: PodTemplateState;

  constructor(scope: Construct, id: string, props: DeploymentProps = {}) {
    checkRollout(futurePath(scope, id), props);
    super(scope, id, { ...kplusPodProps(props), select: false, spread: false });
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
}

// Runs before kplus' constructor, which has checks of its own that do not name the construct.
function checkRollout(path: string, props: DeploymentProps): void {
  checkCount(props.replicas, path, 'replicas');
  checkCount(props.revisionHistoryLimit, path, 'revisionHistoryLimit');
  const progress = props.progressDeadline?.toSeconds() ?? 600;
  const minReady = props.minReady?.toSeconds() ?? 0;
  check(progress > minReady, path, 'progressDeadline', `must be longer than minReady (${progress}s <= ${minReady}s)`);
}
