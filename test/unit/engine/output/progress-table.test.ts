// The live table as a user's terminal shows it (a headless xterm): rows that never wrap, redraws
// that leave no copies behind at any width or after a resize, a final screen that keeps every
// object, and plain lines when the terminal is too small for a table.
import { ProgressTable } from '../../../../engine/output/progress';
import { displayWidth } from '../../../../engine/output/fit';
import type { ObjectState, TrackResult } from '../../../../engine/track';
import { VirtualTerminal } from './virtual-terminal';

const state = (name: string, over: Partial<ObjectState> = {}): ObjectState => ({
  ref: { apiVersion: 'apps/v1', kind: 'Deployment', name, namespace: 'payments-production' },
  id: `Deployment payments-production/${name}`,
  status: 'InProgress',
  message: `0 of 3 updated replicas available; warning Pod/${name}-7d9c4b5f6-x2x9q Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 503`,
  ready: 0,
  desired: 3,
  warnings: [],
  elapsedMs: 0,
  done: false,
  timedOut: false,
  ...over,
});

function result(states: ObjectState[]): TrackResult {
  const objects = states.map((s) => ({ ...s, durationMs: s.elapsedMs, ok: s.status === 'Current' }));
  const failed = objects.filter((o) => !o.ok);
  return { ok: failed.length === 0, aborted: false, durationMs: 12_000, objects, failed };
}

const names = ['checkout-api-gateway-with-a-long-name', 'ledger', 'fraud-scoring-worker'];
const count = (lines: string[], text: string) => lines.filter((l) => l.includes(text)).length;

async function run(term: VirtualTerminal, steps: Array<(table: ProgressTable) => void | Promise<void>>) {
  const table = new ProgressTable({ stream: term, color: false, refreshMs: 60_000 });
  for (const step of steps) await step(table);
  return table;
}

const start = (objects: ObjectState[]) => (t: ProgressTable) => t.onEvent({ type: 'start', at: '', objects });
const update = (o: ObjectState) => (t: ProgressTable) => t.onEvent({ type: 'update', at: '', object: o });
const done = (objects: ObjectState[]) => (t: ProgressTable) => t.onEvent({ type: 'done', at: '', result: result(objects) });

describe.each([60, 80, 160])('the live table at %i columns', (columns) => {
  it('keeps every row within the width and leaves no copies of earlier drawings behind', async () => {
    const term = new VirtualTerminal(columns, 24);
    const objects = names.map((n) => state(n));
    const updates = [];
    for (let i = 0; i < 40; i++) updates.push(update(state(names[i % 3], { ready: i % 3, message: `${i % 3} of 3 updated replicas available; ${'x'.repeat(i * 3)}` })));
    await run(term, [start(objects), ...updates]);
    const all = await term.everything();
    expect(count(all, 'KIND/NAME')).toBe(1);
    for (const n of names) expect(count(all, `/${n.slice(0, 6)}`)).toBe(1);
    for (const l of all) expect(displayWidth(l)).toBeLessThan(columns);
  });

  it('ends with every object on screen, then the summary', async () => {
    const term = new VirtualTerminal(columns, 24);
    const objects = names.map((n) => state(n));
    const finished = names.map((n) => state(n, { status: 'Current', message: '3 of 3 replicas available', ready: 3, done: true, elapsedMs: 4_000 }));
    await run(term, [start(objects), ...finished.map(update), done(finished)]);
    const screen = await term.screen();
    expect(count(screen, 'KIND/NAME')).toBe(1);
    for (const n of names) expect(count(screen, `/${n.slice(0, 6)}`)).toBe(1);
    expect(screen.at(-1)).toBe('✓ all 3 objects ready in 12.0s');
    expect(screen.join('\n')).toContain('Current');
  });
});

describe('resizing mid-run', () => {
  it.each([[160, 60], [60, 160], [100, 45]])('from %i to %i columns leaves one table and no stale rows', async (from, to) => {
    const term = new VirtualTerminal(from, 24);
    const objects = names.map((n) => state(n));
    await run(term, [
      start(objects),
      update(state(names[0], { ready: 1 })),
      () => term.resize(to, 24),
      update(state(names[1], { ready: 2 })),
      update(state(names[2], { ready: 3 })),
      done(names.map((n) => state(n, { status: 'Current', message: 'available', ready: 3, done: true }))),
    ]);
    const all = await term.everything();
    expect(count(all, 'KIND/NAME')).toBe(1);
    expect(count(all, 'current')).toBe(0); // no footer left over from a live drawing
    for (const n of names) expect(count(all, `/${n.slice(0, 6)}`)).toBe(1);
  });

  it('a terminal shrunk below a usable table continues with plain lines', async () => {
    const term = new VirtualTerminal(80, 24);
    const objects = names.map((n) => state(n));
    await run(term, [
      start(objects),
      () => term.resize(30, 24),
      update(state(names[0], { status: 'Current', message: 'available', ready: 3, done: true, elapsedMs: 2000 })),
      done(names.map((n) => state(n, { status: 'Current', message: 'available', ready: 3, done: true }))),
    ]);
    const all = (await term.everything()).join('\n');
    expect(all).not.toContain('KIND/NAME');
    expect(all).toContain('tracking 3 objects');
    expect(all).toContain('✓ all 3 objects ready');
  });
});

it('a terminal too small for a table from the start gets plain lines', async () => {
  const term = new VirtualTerminal(35, 24);
  await run(term, [start([state('a')]), update(state('a', { ready: 1, elapsedMs: 1000 }))]);
  const all = await term.everything();
  expect(all.join('\n')).not.toContain('KIND/NAME');
  expect(all[0]).toBe('tracking 1 object');
});

it('more objects than the screen has rows: finished ones collapse, the drawing stays within the screen', async () => {
  const term = new VirtualTerminal(80, 12);
  const many = Array.from({ length: 30 }, (_, i) => state(`svc-${i}`));
  const steps = [start(many)];
  for (let i = 0; i < 25; i++) steps.push(update(state(`svc-${i}`, { status: 'Current', message: 'available', ready: 3, done: true })));
  await run(term, steps);
  const all = await term.everything();
  expect(count(all, 'KIND/NAME')).toBe(1);
  expect(all.length).toBeLessThanOrEqual(12);
  expect(all.at(-1)).toBe('25/30 current, 25 more (finished) not shown');
});

it('wide characters count as two columns', async () => {
  const term = new VirtualTerminal(60, 24);
  await run(term, [start([state('a', { message: '配置の読み込みに失敗しました。'.repeat(5) })])]);
  for (const l of await term.everything()) expect(displayWidth(l)).toBeLessThan(60);
});

it('the failure blocks under the final table keep every word, wrapped by the terminal, not cut', async () => {
  const term = new VirtualTerminal(60, 24);
  const why = 'Back-off pulling image "registry.example/payments/checkout-api:2026.12.02-rc.7": not found in the registry';
  const failed = state('checkout', { status: 'Failed', reason: 'ImagePullBackOff', pod: 'checkout-7d9c-x2x9q', message: `pod checkout-7d9c-x2x9q: ImagePullBackOff: ${why}`, done: true });
  await run(term, [start([state('checkout')]), update(failed), done([failed])]);
  const all = await term.everything();
  expect(all.join('')).toContain(`    why     ${why}`);
  expect(count(all, 'KIND/NAME')).toBe(1);
});
