import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { ContainerProps } from './container';
import { check, checkCount } from './errors';
import { PodTemplateProps, PodTemplateState, ReplacedKplusProps, addKapstanContainer, finishPodSpec, initPodTemplate } from './pod-template';

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
    super(scope, id, { ...props, select: false, spread: false });
    checkCount(props.replicas, this, 'replicas');
    checkCount(props.revisionHistoryLimit, this, 'revisionHistoryLimit');
    check(this.progressDeadline.toSeconds() > this.minReady.toSeconds(), this, 'progressDeadline',
      `must be longer than minReady (${this.progressDeadline.toSeconds()}s <= ${this.minReady.toSeconds()}s)`);
    this.template = initPodTemplate(this, id, props);
  }

  public addContainer(cont: ContainerProps): kplus.Container {
    return addKapstanContainer(this, cont, `containers[${this.containers.length}]`, (p) => super.addContainer(p));
  }

  public addInitContainer(cont: ContainerProps): kplus.Container {
    return addKapstanContainer(this, cont, `initContainers[${this.initContainers.length}]`, (p) => super.addInitContainer(p));
  }

  /** @internal */
  public _toPodSpec(): kplus.k8s.PodSpec {
    return finishPodSpec(this, this.template, () => super._toPodSpec());
  }
}
