// Flags become engine options in one place, for one stack, a federation and --all alike.
import { applyOptions, destroyOptions, diffOptions } from '../../../cli/engine-options';
import { runSettings } from '../../../cli/flags';

const settings = runSettings({ timeout: '2m', failFast: 'false', historyMax: '7' });

test('apply: every flag reaches the engine, --crash-loop-restarts and --no-wait included', () => {
  const opts = applyOptions({
    output: 'text', dryRun: true, forceConflicts: true, prune: true, adopt: true, atomic: true, wait: false, crashLoopRestarts: '5', historyMax: '7',
  }, settings, true);
  expect(opts).toMatchObject({
    dryRun: true, force: true, prune: true, adopt: true, atomic: true, track: false, crashLoopRestarts: 5, yes: true, timeoutMs: 120_000, failFast: false, historyMax: 7,
  });
});

test('apply: tracking is on unless --no-wait', () => {
  expect(applyOptions({ output: 'json' }, settings, undefined).track).toBe(true);
});

test('diff passes --adopt, --prune, --prune-protected and --force-conflicts', () => {
  expect(diffOptions({ output: 'text', adopt: true, prune: true })).toEqual({ adopt: true, prune: true, pruneProtected: undefined, force: undefined });
});

test('destroy takes the timeout and the answer already given', () => {
  expect(destroyOptions({ output: 'text', pruneProtected: true, cascadeForeign: true }, settings, true))
    .toMatchObject({ yes: true, pruneProtected: true, cascadeForeign: true, timeoutMs: 120_000 });
});
