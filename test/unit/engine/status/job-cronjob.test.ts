import { computeStatus } from '../../../../engine/status';

const job = (status: object, spec: object = {}) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate' }, spec: { completions: 1, ...spec }, status });

describe('Job status', () => {
  it('is Current when Complete', () => {
    const r = computeStatus(job({ succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] }));
    expect(r).toMatchObject({ status: 'Current', ready: 1, desired: 1 });
  });

  it('is Failed with BackoffLimitExceeded', () => {
    const r = computeStatus(
      job({ failed: 3, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }] }),
    );
    expect(r).toMatchObject({ status: 'Failed', reason: 'BackoffLimitExceeded', final: true });
    expect(r.message).toBe('BackoffLimitExceeded: Job has reached the specified backoff limit');
  });

  it('is Failed with DeadlineExceeded', () => {
    const r = computeStatus(job({ conditions: [{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' }] }));
    expect(r).toMatchObject({ status: 'Failed', reason: 'DeadlineExceeded' });
  });

  it('is Failed as soon as the FailureTarget condition is set', () => {
    const r = computeStatus(job({ conditions: [{ type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded' }] }));
    expect(r).toMatchObject({ status: 'Failed', reason: 'BackoffLimitExceeded' });
  });

  it('is InProgress while running, with counts', () => {
    const r = computeStatus(job({ active: 2, succeeded: 1, failed: 1 }, { completions: 3 }));
    expect(r).toMatchObject({ status: 'InProgress', ready: 1, desired: 3 });
    expect(r.message).toBe('1 of 3 succeeded, 2 active, 1 failed');
  });

  it('ignores a Failed condition that is not True', () => {
    expect(computeStatus(job({ active: 1, conditions: [{ type: 'Failed', status: 'False' }] })).status).toBe('InProgress');
  });
});

describe('CronJob status', () => {
  it('is Current and says when it last ran', () => {
    const r = computeStatus({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly' },
      spec: { schedule: '0 3 * * *', suspend: true },
      status: { lastScheduleTime: '2026-01-01T03:00:00Z' },
    });
    expect(r.status).toBe('Current');
    expect(r.message).toBe('schedule "0 3 * * *", suspended, last scheduled 2026-01-01T03:00:00Z');
  });
});
