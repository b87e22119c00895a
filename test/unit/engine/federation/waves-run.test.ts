import { runWaves } from '../../../../engine/federation/waves-run';

/** A member run that records when it started and ended, resolving after the others of its wave started. */
function recorder(fail: Set<string> = new Set(), throwFor: Set<string> = new Set()) {
  const log: string[] = [];
  const run = async (cluster: string, wave: number) => {
    log.push(`start ${cluster}@${wave}`);
    await new Promise((r) => setImmediate(r));
    log.push(`end ${cluster}`);
    if (throwFor.has(cluster)) throw new Error(`cannot reach ${cluster}`);
    return { ok: !fail.has(cluster), summary: { cluster } };
  };
  return { log, run };
}

describe('runWaves', () => {
  test('clusters of one wave run concurrently; the next wave starts after the previous ended', async () => {
    const { log, run } = recorder();
    const results = await runWaves([['a'], ['b', 'c']], run, { stopOnFailure: true });
    expect(log).toEqual(['start a@1', 'end a', 'start b@2', 'start c@2', 'end b', 'end c']);
    expect(results.map((r) => [r.cluster, r.wave, r.outcome])).toEqual([['a', 1, 'succeeded'], ['b', 2, 'succeeded'], ['c', 2, 'succeeded']]);
    expect(results[0].summary).toEqual({ cluster: 'a' });
  });

  test('a failed cluster stops later waves; their clusters are skipped and never run', async () => {
    const { log, run } = recorder(new Set(['b']));
    const ends: string[] = [];
    const results = await runWaves([['a', 'b'], ['c'], ['d']], run, { stopOnFailure: true, onEnd: (c, w, o, m) => ends.push(`${c}@${w} ${o}${m ? ` ${m}` : ''}`) });
    expect(log).not.toContain('start c@2');
    expect(results.map((r) => [r.cluster, r.outcome])).toEqual([['a', 'succeeded'], ['b', 'failed'], ['c', 'skipped'], ['d', 'skipped']]);
    expect(ends).toEqual(['a@1 succeeded', 'b@1 failed', 'c@2 skipped not started: wave 1 failed', 'd@3 skipped not started: wave 1 failed']);
  });

  test('an error thrown by one member is that member\'s failure with its message', async () => {
    const { run } = recorder(new Set(), new Set(['a']));
    const results = await runWaves([['a', 'b'], ['c']], run, { stopOnFailure: true });
    expect(results.map((r) => [r.cluster, r.outcome, r.error])).toEqual([
      ['a', 'failed', 'cannot reach a'], ['b', 'succeeded', undefined], ['c', 'skipped', 'not started: wave 1 failed'],
    ]);
  });

  test('without stopOnFailure every wave runs (destroy, status)', async () => {
    const { log, run } = recorder(new Set(['a']));
    const results = await runWaves([['a'], ['b']], run, { stopOnFailure: false });
    expect(log).toContain('start b@2');
    expect(results.map((r) => r.outcome)).toEqual(['failed', 'succeeded']);
  });
});
