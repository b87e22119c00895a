import { Cron } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { ContainerProps, addKapstanContainer } from './container';
import { WorkloadPropError, check, checkCount, futurePath } from '../errors';
import { JobOptions, checkJobOptions, withJobOptions } from './job-options';
import { PodTemplateProps, PodTemplateState, ReplacedKplusProps, finishPodSpec, initPodTemplate, kplusPodProps, podSelectorConfig } from './pod-template';

/**
 * Props for `CronJob`: kplus' `CronJobProps` (timeZone, concurrencyPolicy, startingDeadline,
 * suspend, `successfulJobsRetained` / `failedJobsRetained` history limits, job fields) plus the
 * job options, with `schedule` also accepted as a five-field string.
 */
export interface CronJobProps extends Omit<kplus.CronJobProps, ReplacedKplusProps | 'schedule'>, PodTemplateProps, JobOptions {
  /** When to run: a cdk8s `Cron`, a five-field cron string such as `'30 2 * * *'`, or a macro such as `'@daily'`. */
  readonly schedule: Cron | string;
}

// The macros the CronJob controller accepts besides five fields.
const MACROS: Record<string, () => Cron> = {
  '@yearly': Cron.annually, '@annually': Cron.annually, '@monthly': Cron.monthly, '@weekly': Cron.weekly,
  '@daily': Cron.daily, '@midnight': Cron.daily, '@hourly': Cron.hourly,
};

/** Parses a five-field cron expression (or a macro such as `@daily`) into a cdk8s `Cron`, or returns undefined. */
export function parseCron(expression: string): Cron | undefined {
  const macro = MACROS[expression.trim()];
  if (macro) return macro();
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5 || fields.some((f) => !/^[-0-9*/,A-Za-z?]+$/.test(f))) return undefined;
  const [minute, hour, day, month, weekDay] = fields;
  return Cron.schedule({ minute, hour, day, month, weekDay });
}

/** True when the runtime knows the IANA time zone `tz` (the kube-controller-manager uses the same database). */
export function isKnownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** A CronJob (defaults: concurrencyPolicy Forbid, keep 3 successful and 1 failed Job). */
export class CronJob extends kplus.CronJob {
  private readonly template: PodTemplateState;
  private readonly jobOptions: JobOptions;

  constructor(scope: Construct, id: string, props: CronJobProps) {
    const schedule = typeof props.schedule === 'string' ? parseCron(props.schedule) : props.schedule;
    if (!schedule) {
      throw new WorkloadPropError(futurePath(scope, id), 'schedule', `must be five cron fields such as "30 2 * * *" or a macro such as "@daily" (got "${props.schedule}")`);
    }
    checkBeforeKplus(futurePath(scope, id), props);
    super(scope, id, { ...kplusPodProps(props), schedule, select: false, spread: false });
    if (props.timeZone !== undefined) {
      check(isKnownTimeZone(props.timeZone) && !props.timeZone.startsWith('TZ'), this, 'timeZone',
        `must be an IANA time zone such as "Europe/Paris" (got "${props.timeZone}")`);
    }
    checkCount(props.successfulJobsRetained, this, 'successfulJobsRetained');
    checkCount(props.failedJobsRetained, this, 'failedJobsRetained');
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
  public _toKube(): kplus.k8s.CronJobSpec {
    const spec = super._toKube();
    if (!spec.jobTemplate.spec) throw new WorkloadPropError(this, 'spec.jobTemplate', 'was not rendered');
    return { ...spec, jobTemplate: { ...spec.jobTemplate, spec: withJobOptions(spec.jobTemplate.spec, this.jobOptions) } };
  }
}

// kplus rejects these too, but without naming the construct.
function checkBeforeKplus(path: string, props: CronJobProps): void {
  const deadline = props.startingDeadline?.toSeconds();
  check(deadline === undefined || deadline >= 10, path, 'startingDeadline',
    `must be at least 10 seconds: the CronJob controller checks schedules every 10 seconds (got ${deadline}s)`);
  check(props.ttlAfterFinished === undefined || (props.successfulJobsRetained === undefined && props.failedJobsRetained === undefined),
    path, 'ttlAfterFinished', 'cannot be combined with successfulJobsRetained or failedJobsRetained: the TTL would delete the retained jobs');
}
