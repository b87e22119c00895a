import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { ContainerProps, addKapstanContainer } from './container';
import { PodTemplateProps, PodTemplateState, ReplacedKplusProps, finishPodSpec, initPodTemplate, kplusPodProps } from './pod-template';

/** Props for `Pod`: kplus' `PodProps` plus Kapstan's containers, labels and scheduling. */
export interface PodProps extends Omit<kplus.PodProps, ReplacedKplusProps>, PodTemplateProps {}

/** A bare Pod (no controller recreates it: prefer a Deployment or Job for real work). */
export class Pod extends kplus.Pod {
  private readonly template: PodTemplateState;

  constructor(scope: Construct, id: string, props: PodProps = {}) {
    super(scope, id, kplusPodProps(props));
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
