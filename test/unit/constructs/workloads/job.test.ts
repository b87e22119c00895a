import { Cron, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { CompletionMode, CronJob, Job } from '../../../../constructs/workloads';
import { onlyObject, podSpecOf } from './synth-helpers';

const worker = { image: 'worker:3.1', command: ['work'] };

describe('Job', () => {
  test('Indexed mode with completions, parallelism, deadlines, TTL and per-index backoff', () => {
    const chart = Testing.chart();
    new Job(chart, 'shard', {
      containers: [worker],
      completionMode: CompletionMode.INDEXED,
      completions: 8,
      parallelism: 4,
      backoffLimitPerIndex: 2,
      maxFailedIndexes: 3,
      activeDeadline: Duration.hours(2),
      ttlAfterFinished: Duration.days(1),
    });
    const job = onlyObject(chart, 'Job');
    expect(job.spec).toMatchObject({
      completionMode: 'Indexed', completions: 8, parallelism: 4, backoffLimitPerIndex: 2, maxFailedIndexes: 3,
      activeDeadlineSeconds: 7200, ttlSecondsAfterFinished: 86400,
    });
  });

  test('defaults: restartPolicy Never, no selector (the Job controller generates it), labelled pods, no TTL', () => {
    const chart = Testing.chart();
    new Job(chart, 'migrate', { containers: [worker], backoffLimit: 2 });
    const job = onlyObject(chart, 'Job');
    expect(job.spec.selector).toBeUndefined();
    expect(job.spec.ttlSecondsAfterFinished).toBeUndefined();
    expect(job.spec.backoffLimit).toBe(2);
    expect(podSpecOf(job).restartPolicy).toBe('Never');
    expect(job.spec.template.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'migrate', 'app.kubernetes.io/managed-by': 'kapstan' });
    expect(podSpecOf(job).containers[0].securityContext.runAsNonRoot).toBe(true);
  });

  test.each([
    [{ completionMode: CompletionMode.INDEXED }, 'test/job: completions: is required when completionMode is Indexed'],
    [{ completions: 4, backoffLimitPerIndex: 1 }, 'test/job: backoffLimitPerIndex: needs completionMode Indexed'],
    [{ completionMode: CompletionMode.INDEXED, completions: 4, maxFailedIndexes: 1 }, 'test/job: maxFailedIndexes: needs backoffLimitPerIndex'],
    [{ completionMode: CompletionMode.INDEXED, completions: 2, backoffLimitPerIndex: 1, maxFailedIndexes: 3 }, 'test/job: maxFailedIndexes: must not exceed completions (3 > 2)'],
    [{ parallelism: -1 }, 'test/job: parallelism: must be a whole number >= 0 (got -1)'],
    [{ backoffLimit: 1.5 }, 'test/job: backoffLimit: must be a whole number >= 0 (got 1.5)'],
  ])('bad job props are rejected with the path and field: %j', (props, message) => {
    const chart = Testing.chart();
    expect(() => new Job(chart, 'job', { ...props, containers: [worker] })).toThrow(message);
  });
});

describe('CronJob', () => {
  test('string schedule, time zone, concurrency, history limits and job options in the job template', () => {
    const chart = Testing.chart();
    new CronJob(chart, 'nightly', {
      schedule: '30 2 * * *',
      timeZone: 'Europe/Paris',
      concurrencyPolicy: kplus.ConcurrencyPolicy.REPLACE,
      successfulJobsRetained: 5,
      failedJobsRetained: 2,
      completions: 3,
      parallelism: 3,
      backoffLimit: 1,
      containers: [worker],
    });
    const cj = onlyObject(chart, 'CronJob');
    expect(cj.spec).toMatchObject({
      schedule: '30 2 * * *', timeZone: 'Europe/Paris', concurrencyPolicy: 'Replace',
      successfulJobsHistoryLimit: 5, failedJobsHistoryLimit: 2,
    });
    expect(cj.spec.jobTemplate.spec).toMatchObject({ completions: 3, parallelism: 3, backoffLimit: 1 });
    expect(cj.spec.jobTemplate.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('nightly');
    expect(podSpecOf(cj).restartPolicy).toBe('Never');
  });

  test('defaults: Forbid concurrent runs, keep 3 successful and 1 failed job; a cdk8s Cron is accepted', () => {
    const chart = Testing.chart();
    new CronJob(chart, 'hourly', { schedule: Cron.hourly(), containers: [worker] });
    const cj = onlyObject(chart, 'CronJob');
    expect(cj.spec).toMatchObject({ schedule: '0 * * * *', concurrencyPolicy: 'Forbid', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(cj.spec.timeZone).toBeUndefined();
  });

  test.each([
    ['@daily', '0 0 * * *'], ['@hourly', '0 * * * *'], ['@weekly', '0 0 * * 0'], ['@monthly', '0 0 1 * *'], ['@yearly', '0 0 1 1 *'],
  ])('schedule macro %s renders as %s', (macro, expression) => {
    const chart = Testing.chart();
    new CronJob(chart, 'cron', { schedule: macro, containers: [worker] });
    expect(onlyObject(chart, 'CronJob').spec.schedule).toBe(expression);
  });

  test.each([
    [{ schedule: '0 2 * *' }, 'test/cron: schedule: must be five cron fields such as "30 2 * * *" or a macro such as "@daily" (got "0 2 * *")'],
    [{ schedule: '0 2 * * * *' }, 'test/cron: schedule: must be five cron fields'],
    [{ schedule: '@sometimes' }, 'test/cron: schedule: must be five cron fields'],
    [{ schedule: '0 2 * * *', timeZone: 'Mars/Olympus' }, 'test/cron: timeZone: must be an IANA time zone such as "Europe/Paris" (got "Mars/Olympus")'],
    [{ schedule: '0 2 * * *', successfulJobsRetained: -1 }, 'test/cron: successfulJobsRetained: must be a whole number >= 0 (got -1)'],
    [{ schedule: '0 2 * * *', completionMode: CompletionMode.INDEXED }, 'test/cron: completions: is required when completionMode is Indexed'],
    [{ schedule: '0 2 * * *', startingDeadline: Duration.seconds(5) }, 'test/cron: startingDeadline: must be at least 10 seconds'],
    [{ schedule: '0 2 * * *', ttlAfterFinished: Duration.hours(1), failedJobsRetained: 2 }, 'test/cron: ttlAfterFinished: cannot be combined with successfulJobsRetained or failedJobsRetained'],
  ])('bad cron job props are rejected with the path and field: %j', (props, message) => {
    const chart = Testing.chart();
    expect(() => new CronJob(chart, 'cron', { ...props, containers: [worker] })).toThrow(message);
  });
});

describe('pod failure policy and runtime class', () => {
  test('a Job ignores node disruptions and fails fast on exit code 42, on the nvidia runtime', () => {
    const chart = Testing.chart();
    new Job(chart, 'train', {
      containers: [{ name: 'trainer', image: 'trainer:1', extendedResources: { 'nvidia.com/gpu': 1 } }],
      runtimeClassName: 'nvidia',
      podFailurePolicy: {
        rules: [
          { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
          { action: 'FailJob', onExitCodes: { containerName: 'trainer', operator: 'In', values: [42] } },
        ],
      },
    });
    const job = onlyObject(chart, 'Job');
    expect(job.spec.podFailurePolicy.rules).toHaveLength(2);
    expect(job.spec.podFailurePolicy.rules[1]).toEqual({ action: 'FailJob', onExitCodes: { containerName: 'trainer', operator: 'In', values: [42] } });
    expect(podSpecOf(job).runtimeClassName).toBe('nvidia');
  });

  test.each([
    [{ restartPolicy: kplus.RestartPolicy.ON_FAILURE, podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } },
      'test/job: podFailurePolicy: needs restartPolicy Never (got OnFailure)'],
    [{ podFailurePolicy: { rules: [] } }, 'test/job: podFailurePolicy.rules: must not be empty'],
    [{ runtimeClassName: 'Nvidia GPU' }, 'test/job: runtimeClassName: must be a DNS-1123 name (got "Nvidia GPU")'],
  ])('bad props are rejected: %#', (props, message) => {
    const chart = Testing.chart();
    expect(() => new Job(chart, 'job', { ...(props as any), containers: [worker] })).toThrow(message);
  });
});
