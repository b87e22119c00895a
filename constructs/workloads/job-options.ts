import * as kplus from 'cdk8s-plus-34';
import { IConstruct } from 'constructs';
import { check, checkCount } from '../errors';

/** How a Job counts completions. */
export enum CompletionMode {
  /** Any `completions` successful pods complete the Job (the Kubernetes default). */
  NON_INDEXED = 'NonIndexed',
  /** Each pod gets an index 0..completions-1 (env JOB_COMPLETION_INDEX); each index must succeed once. */
  INDEXED = 'Indexed',
}

/** Job fields kplus does not offer; shared by `Job` and `CronJob` (for its job template). */
export interface JobOptions {
  /** Successful pods needed to complete the Job. @default 1 */
  readonly completions?: number;
  /** Pods running at once. @default 1 */
  readonly parallelism?: number;
  /** NonIndexed or Indexed. Indexed needs `completions`. @default NON_INDEXED */
  readonly completionMode?: CompletionMode;
  /** Retries per index before that index fails (Indexed only). */
  readonly backoffLimitPerIndex?: number;
  /** Failed indexes after which the whole Job fails (needs `backoffLimitPerIndex`). */
  readonly maxFailedIndexes?: number;
  /**
   * Rules on pod failures, e.g. ignore node disruptions (`onPodConditions: [{ type: 'DisruptionTarget' }]`)
   * or fail the Job at once on a given exit code. Needs restartPolicy Never (the Job default).
   */
  readonly podFailurePolicy?: kplus.k8s.PodFailurePolicy;
}

/** Validates the job options against the kplus `backoffLimit` and reports problems with the field path. */
export function checkJobOptions(scope: IConstruct, opts: JobOptions, backoffLimit: number | undefined, restartPolicy?: kplus.RestartPolicy): void {
  checkCount(opts.completions, scope, 'completions');
  checkCount(opts.parallelism, scope, 'parallelism');
  checkCount(backoffLimit, scope, 'backoffLimit');
  checkCount(opts.backoffLimitPerIndex, scope, 'backoffLimitPerIndex');
  checkCount(opts.maxFailedIndexes, scope, 'maxFailedIndexes');
  const indexed = opts.completionMode === CompletionMode.INDEXED;
  check(!indexed || opts.completions !== undefined, scope, 'completions', 'is required when completionMode is Indexed');
  check(opts.backoffLimitPerIndex === undefined || indexed, scope, 'backoffLimitPerIndex', 'needs completionMode Indexed');
  check(opts.maxFailedIndexes === undefined || opts.backoffLimitPerIndex !== undefined, scope, 'maxFailedIndexes',
    'needs backoffLimitPerIndex');
  check(opts.maxFailedIndexes === undefined || opts.completions === undefined || opts.maxFailedIndexes <= opts.completions,
    scope, 'maxFailedIndexes', `must not exceed completions (${opts.maxFailedIndexes} > ${opts.completions})`);
  if (opts.podFailurePolicy) {
    check(restartPolicy === undefined || restartPolicy === kplus.RestartPolicy.NEVER, scope, 'podFailurePolicy',
      `needs restartPolicy Never (got ${restartPolicy})`);
    check(opts.podFailurePolicy.rules.length > 0, scope, 'podFailurePolicy.rules', 'must not be empty');
  }
}

/** Adds the job options to a kplus-rendered JobSpec. */
export function withJobOptions(spec: kplus.k8s.JobSpec, opts: JobOptions): kplus.k8s.JobSpec {
  return {
    ...spec,
    completions: opts.completions,
    parallelism: opts.parallelism,
    completionMode: opts.completionMode,
    backoffLimitPerIndex: opts.backoffLimitPerIndex,
    maxFailedIndexes: opts.maxFailedIndexes,
    podFailurePolicy: opts.podFailurePolicy,
  };
}
