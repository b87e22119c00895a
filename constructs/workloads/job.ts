import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { ContainerProps, addKapstanContainer } from './container';
import { JobOptions, checkJobOptions, withJobOptions } from './job-options';
import { PodTemplateProps, PodTemplateState, ReplacedKplusProps, finishPodSpec, initPodTemplate, kplusPodProps, podSelectorConfig } from './pod-template';

/**
 * Props for `Job`: kplus' `JobProps` (`activeDeadline`, `backoffLimit`, `ttlAfterFinished`,
 * restartPolicy...) plus completions, parallelism and Indexed mode.
 */
export interface JobProps extends Omit<kplus.JobProps, ReplacedKplusProps>, PodTemplateProps, JobOptions {}

/**
 * A run-to-completion Job (pods restart Never by default). No TTL is set by default: a Job that
 * deleted itself would be created and run again by the next apply.
 */
export class Job extends kplus.Job {
  private readonly template: PodTemplateState;
  private readonly jobOptions: JobOptions;

  constructor(scope: Construct, id: string, props: JobProps = {}) {
    super(scope, id, { ...kplusPodProps(props), select: false, spread: false });
    checkJobOptions(this, props, props.backoffLimit, props.restartPolicy);
    this.jobOptions = props;
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
  public _toKube(): kplus.k8s.JobSpec {
    return withJobOptions(super._toKube(), this.jobOptions);
  }
}
