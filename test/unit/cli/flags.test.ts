// The run-wide flags of the multi-target runners: one check, the single-stack defaults.
import { UsageError } from '../../../engine/errors';
import { runSettings } from '../../../cli/flags';

describe('runSettings', () => {
  test('defaults: 5 minutes, 16 at a time, fail fast, the engine\'s history limit', () => {
    expect(runSettings({})).toEqual({ timeoutMs: 300_000, concurrency: 16, failFast: true, historyMax: undefined });
  });

  test('reads every flag', () => {
    expect(runSettings({ timeout: '1m30s', concurrency: '4', failFast: 'false', historyMax: '3' }))
      .toEqual({ timeoutMs: 90_000, concurrency: 4, failFast: false, historyMax: 3 });
  });

  test.each([
    [{ timeout: 'soon' }, '--timeout: invalid duration "soon"'],
    [{ concurrency: '257' }, '--concurrency must be a whole number from 1 to 256 (got 257)'],
    [{ failFast: 'maybe' }, '--fail-fast takes true or false (got maybe)'],
    [{ historyMax: '0' }, '--history-max must be a whole number from 1 to 1000 (got 0)'],
  ])('%j is a usage error naming the flag', (flags, message) => {
    expect(() => runSettings(flags)).toThrow(UsageError);
    expect(() => runSettings(flags)).toThrow(message);
  });
});
