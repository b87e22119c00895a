import { NdjsonReporter, summaryEvent } from '../../../../engine/output/ndjson';
import { PlainReporter } from '../../../../engine/output/plain';
import { createTrackReporter, ProgressTable } from '../../../../engine/output/progress';
import type { ObjectState, TrackResult } from '../../../../engine/track';

const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'web' };
const state = (over: Partial<ObjectState> = {}): ObjectState => ({
  ref,
  id: 'Deployment web/api',
  status: 'InProgress',
  message: '1 of 3 replicas updated',
  ready: 1,
  desired: 3,
  warnings: [],
  elapsedMs: 4200,
  done: false,
  timedOut: false,
  ...over,
});
const failedResult: TrackResult = {
  ok: false,
  aborted: false,
  durationMs: 12_300,
  objects: [
    {
      ref,
      id: 'Deployment web/api',
      status: 'Failed',
      message: 'pod api-1: ImagePullBackOff: Back-off pulling image "bad"',
      reason: 'ImagePullBackOff',
      pod: 'api-1',
      warnings: [{ object: 'Pod/api-1', reason: 'Failed', message: 'pull failed', count: 2 }],
      durationMs: 9000,
      timedOut: false,
      ok: false,
    },
  ],
  failed: [],
};
failedResult.failed = failedResult.objects;

class Capture {
  text = '';
  columns = 100;
  rows = 30;
  isTTY = true;
  write(t: string) {
    this.text += t;
    return true;
  }
}

describe('PlainReporter', () => {
  it('writes one line per change and a failure summary', () => {
    const lines: string[] = [];
    const r = new PlainReporter({ write: (t) => lines.push(t) });
    r.onEvent({ type: 'start', at: '', objects: [state()] });
    r.onEvent({ type: 'update', at: '', object: state() });
    r.onEvent({ type: 'done', at: '', result: failedResult });
    expect(lines[0]).toBe('tracking 1 object\n');
    expect(lines[1]).toBe('[   4.2s] Deployment web/api  InProgress  1/3  1 of 3 replicas updated\n');
    expect(lines.join('')).toContain([
      '✗ Deployment web/api  Failed  ImagePullBackOff',
      '    why     Back-off pulling image "bad"',
      '    pod     api-1',
      '    events  Pod/api-1 Failed: pull failed (x2)',
    ].join('\n'));
    expect(lines.join('')).toContain('✗ 1 of 1 objects failed (0 ready) after 12.3s');
  });
});

describe('PlainReporter folding', () => {
  it('folds objects Current at first sight into one line, then prints the rest', () => {
    const lines: string[] = [];
    const r = new PlainReporter({ write: (t) => lines.push(t) });
    const cm = (name: string) => state({ id: `ConfigMap web/${name}`, ref: { ...ref, kind: 'ConfigMap', name }, status: 'Current', message: 'exists', ready: undefined, desired: undefined, done: true, elapsedMs: 100 });
    r.onEvent({ type: 'start', at: '', objects: [] });
    r.onEvent({ type: 'update', at: '', object: cm('a') });
    r.onEvent({ type: 'update', at: '', object: cm('b') });
    r.onEvent({ type: 'update', at: '', object: { ...cm('svc'), id: 'Service web/svc', ref: { ...ref, kind: 'Service', name: 'svc' } } });
    r.onEvent({ type: 'update', at: '', object: state() });
    r.onEvent({ type: 'update', at: '', object: state({ status: 'Current', message: '3 of 3 replicas available', ready: 3, done: true }) });
    expect(lines.slice(1, 4)).toEqual([
      '[   0.1s] 3 objects Current at once: ConfigMap ×2, Service\n',
      '[   4.2s] Deployment web/api  InProgress  1/3  1 of 3 replicas updated\n',
      '[   4.2s] Deployment web/api  Current  3/3  3 of 3 replicas available\n',
    ]);
  });
});

describe('NdjsonReporter', () => {
  it('emits parseable events and a summary with the engine counts', () => {
    const events: Record<string, unknown>[] = [];
    const r = new NdjsonReporter({ emit: (e) => events.push(JSON.parse(JSON.stringify(e))) });
    r.onEvent({ type: 'start', at: 't0', objects: [state()] });
    r.onEvent({ type: 'update', at: 't1', object: state({ status: 'Failed', reason: 'ImagePullBackOff', pod: 'api-1', done: true }) });
    r.onEvent({ type: 'done', at: 't2', result: failedResult });
    r.writeSummary({ created: 2, updated: 1, unchanged: 5, pruned: 0 });
    expect(events.map((e) => e.type)).toEqual(['track-start', 'status', 'track-done', 'summary']);
    expect(events[1]).toMatchObject({ kind: 'Deployment', namespace: 'web', name: 'api', status: 'Failed', reason: 'ImagePullBackOff', pod: 'api-1', done: true });
    expect(events[3]).toMatchObject({ ok: false, created: 2, updated: 1, unchanged: 5, pruned: 0, durationMs: 12_300 });
    expect((events[3].objects as unknown[])[0]).toMatchObject({ status: 'Failed', durationMs: 9000, ok: false });
  });

  it('summarises without tracking (nothing to wait for)', () => {
    expect(summaryEvent({ created: 1 }, undefined)).toMatchObject({ type: 'summary', ok: true, created: 1, updated: 0, objects: [] });
  });
});

describe('ProgressTable', () => {
  it('renders kind/name, status, ready, elapsed and message; all objects while they fit', () => {
    const stream = new Capture();
    const table = new ProgressTable({ stream, color: false, refreshMs: 60_000 });
    const done = state({ id: 'Service web/api', ref: { ...ref, kind: 'Service' }, status: 'Current', message: 'ClusterIP service', ready: undefined, desired: undefined, done: true });
    table.onEvent({ type: 'start', at: '', objects: [state(), done] });
    const rows = table.render();
    expect(rows[0]).toMatch(/^KIND\/NAME\s+STATUS\s+READY\s+ELAPSED\s+MESSAGE/);
    expect(rows[1]).toMatch(/^Deployment web\/api\s+InProgress\s+1\/3\s+\d+\.\ds\s+1 of 3 replicas updated$/);
    expect(rows[2]).toMatch(/^Service web\/api\s+Current\s+\d+\.\ds\s+ClusterIP service$/);
    expect(rows).toHaveLength(4);
    expect(rows[3]).toBe('1/2 current');
    table.onEvent({ type: 'done', at: '', result: failedResult });
    // Redraws move the cursor up over the previous table instead of scrolling.
    expect(stream.text).toContain('\x1b[4A');
    expect(stream.text).toContain('✗ 1 of 1 objects failed');
  });

  it('truncates long messages to the terminal width', () => {
    const stream = new Capture();
    stream.columns = 60;
    const table = new ProgressTable({ stream, color: false, refreshMs: 60_000 });
    table.onEvent({ type: 'start', at: '', objects: [state({ message: 'x'.repeat(200) })] });
    const rows = table.render();
    expect(rows[1].length).toBeLessThanOrEqual(60);
    expect(rows[1].endsWith('…')).toBe(true);
    table.onEvent({ type: 'done', at: '', result: { ...failedResult, ok: true, failed: [], objects: [] } });
  });
});

describe('createTrackReporter', () => {
  it('picks NDJSON for json output, the table for a TTY, plain lines otherwise', () => {
    const tty = new Capture();
    const pipe = Object.assign(new Capture(), { isTTY: false });
    expect(createTrackReporter({ output: 'json', stream: tty })).toBeInstanceOf(NdjsonReporter);
    expect(createTrackReporter({ output: 'text', stream: tty })).toBeInstanceOf(ProgressTable);
    expect(createTrackReporter({ output: 'text', stream: pipe })).toBeInstanceOf(PlainReporter);
  });
});

describe('the failure block', () => {
  const { failureBlock, formatReady, NO_COLORS } = require('../../../../engine/output/plain-format') as typeof import('../../../../engine/output/plain-format');
  const outcome = failedResult.objects[0];

  it('says once what failed, on which pod, the distinct events (pods saying the same folded) and the last log lines', () => {
    const o = {
      ...outcome,
      reason: 'CrashLoopBackOff',
      pod: 'api-1',
      message: 'pod api-1: CrashLoopBackOff: container api keeps crashing: restarts 3, last exit code 1 (Error)',
      warnings: [
        { object: 'Pod/api-1', reason: 'BackOff', message: 'Back-off restarting failed container api in pod api-1_web(uid-1)', count: 4 },
        { object: 'Pod/api-2', reason: 'BackOff', message: 'Back-off restarting failed container api in pod api-2_web(uid-1)', count: 3 },
        { object: 'Pod/api-3', reason: 'BackOff', message: 'Back-off restarting failed container api in pod api-3_web(uid-1)', count: 1 },
        { object: 'ReplicaSet/api-7d9', reason: 'FailedCreate', message: 'exceeded quota: compute', count: 1 },
      ],
      logs: { pod: 'api-1', container: 'api', lines: ['panic: DATABASE_URL is not set', 'goroutine 1 [running]:'] },
    };
    expect(failureBlock(o, NO_COLORS)).toEqual([
      '✗ Deployment web/api  Failed  CrashLoopBackOff',
      '    why     container api keeps crashing: restarts 3, last exit code 1 (Error)',
      '    pod     api-1',
      '    events  Pod/api-1 BackOff: Back-off restarting failed container api in pod api-1_web(uid-1) (x4) (and 2 more pods)',
      '            ReplicaSet/api-7d9 FailedCreate: exceeded quota: compute',
      '    logs    last log lines of pod api-1, container api:',
      '            | panic: DATABASE_URL is not set',
      '            | goroutine 1 [running]:',
    ]);
  });

  it('READY is available of desired, with the old replicas of a rollout apart', () => {
    expect(formatReady({ ready: 1, desired: 3, old: 3 })).toBe('1/3 +3 old');
    expect(formatReady({ ready: 3, desired: 3 })).toBe('3/3');
    expect(formatReady({})).toBe('');
  });
});
