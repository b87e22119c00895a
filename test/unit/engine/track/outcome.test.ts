import { buildResult } from '../../../../engine/track/outcome';
import type { ObjectState } from '../../../../engine/track/types';

const state = (name: string, over: Partial<ObjectState>): ObjectState => ({
  ref: { apiVersion: 'v1', kind: 'ConfigMap', name, namespace: 'ns' },
  id: `ConfigMap ns/${name}`,
  status: 'Current',
  message: '',
  warnings: [],
  elapsedMs: 10,
  done: true,
  timedOut: false,
  ...over,
});

describe('buildResult', () => {
  it('succeeds when every object is Current', () => {
    const r = buildResult([state('a', {}), state('b', { elapsedMs: 30, ready: 2, desired: 2 })], { aborted: false, waitFor: 'current', durationMs: 31 });
    expect(r).toMatchObject({ ok: true, failed: [], durationMs: 31 });
    expect(r.objects[1]).toMatchObject({ ready: 2, desired: 2 });
    expect(r.objects.map((o) => o.durationMs)).toEqual([10, 30]);
  });

  it('lists failed, timed-out and aborted objects', () => {
    const r = buildResult(
      [state('a', {}), state('b', { status: 'Failed', reason: 'CrashLoopBackOff' }), state('c', { status: 'InProgress', timedOut: true, reason: 'Timeout' }), state('d', { status: 'InProgress', reason: 'Aborted' })],
      { aborted: true, waitFor: 'current', durationMs: 50 },
    );
    expect(r.ok).toBe(false);
    expect(r.failed.map((o) => o.ref.name)).toEqual(['b', 'c', 'd']);
  });

  it('awaits NotFound when waiting for deletion; a timed-out Current object has not succeeded', () => {
    const r = buildResult([state('a', { status: 'NotFound' }), state('b', { status: 'Current', timedOut: true })], { aborted: false, waitFor: 'deleted', durationMs: 5 });
    expect(r.objects.map((o) => o.ok)).toEqual([true, false]);
  });
});
