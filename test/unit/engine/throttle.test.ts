import { Throttle } from '../../../engine/throttle';

/** A request the test finishes by hand, with the status it "returned". */
function pending() {
  let finish!: (status: number) => void;
  const result = new Promise<number>((r) => { finish = r; });
  return { result, finish };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('Throttle', () => {
  const is429 = (s: number) => s === 429;

  it('does not limit anything until the server throttles', async () => {
    const t = new Throttle();
    let started = 0;
    const reqs = Array.from({ length: 100 }, () => pending());
    const runs = reqs.map((p) => t.run(() => { started++; return p.result; }, is429));
    await tick();
    expect(started).toBe(100);
    reqs.forEach((p) => p.finish(200));
    await Promise.all(runs);
    expect(t.allowed).toBe(Infinity);
  });

  it('each 429 shrinks what was in flight by a tenth; later requests wait for a free slot', async () => {
    const t = new Throttle();
    const first = Array.from({ length: 8 }, () => pending());
    const runs = first.map((p) => t.run(() => p.result, is429));
    await tick();
    first[0].finish(429);
    await runs[0];
    expect(t.allowed).toBe(7); // 8 in flight x 0.9 = 7.2

    let started = 0;
    const later = Array.from({ length: 3 }, () => pending());
    const laterRuns = later.map((p) => t.run(() => { started++; return p.result; }, is429));
    await tick();
    expect(started).toBe(0); // 7 still in flight, 7 allowed
    first[1].finish(200);
    await tick();
    expect(started).toBe(1); // a slot freed (7.2 + 1/7: still 7 allowed)
    for (const p of [...first.slice(2), ...later]) p.finish(200);
    await Promise.all([...runs, ...laterRuns]);
    expect(started).toBe(3);
  });

  it('the more of a burst the server refuses, the fewer go next; never below 1', async () => {
    const burst = async (t: Throttle, n: number, refused: number) => {
      const reqs = Array.from({ length: n }, () => pending());
      const runs = reqs.map((p) => t.run(() => p.result, is429));
      await tick();
      reqs.forEach((p, i) => p.finish(i < refused ? 429 : 200));
      await Promise.all(runs);
    };
    const few = new Throttle();
    await burst(few, 64, 2);
    const many = new Throttle();
    await burst(many, 64, 61); // as a level with 3 seats answers 64 at once
    expect(few.allowed).toBeGreaterThan(40);
    expect(many.allowed).toBeLessThanOrEqual(3); // down to 1, then the 3 accepted ones widen it
    await burst(many, 4, 4);
    expect(many.allowed).toBe(1);
  });

  it('successes widen it again, by one per allowed-many successes', async () => {
    const t = new Throttle();
    const reqs = Array.from({ length: 4 }, () => pending());
    const runs = reqs.map((p) => t.run(() => p.result, is429));
    await tick();
    reqs.forEach((p) => p.finish(429));
    await Promise.all(runs);
    expect(t.allowed).toBe(1);
    for (const next of [2, 3, 4]) {
      for (let i = 0; i < next - 1; i++) await t.run(async () => 200, is429);
      expect(t.allowed).toBe(next);
    }
    for (let i = 0; i < 200; i++) await t.run(async () => 200, is429);
    expect(t.allowed).toBeGreaterThan(15);
  });

  it('never above max once throttled', async () => {
    const t = new Throttle({ max: 3 });
    await t.run(async () => 429, is429);
    for (let i = 0; i < 50; i++) await t.run(async () => 200, is429);
    expect(t.allowed).toBe(3);
  });

  it('a failing request frees its slot', async () => {
    const t = new Throttle();
    const a = pending();
    const b = pending();
    const ra = t.run(() => a.result, is429);
    const rb = t.run(() => b.result, is429);
    await tick();
    a.finish(429);
    await ra; // allowed is now 1, b still in flight
    let ran = false;
    const rc = t.run(async () => { ran = true; throw new Error('socket hang up'); }, is429);
    b.finish(200);
    await rb;
    await expect(rc).rejects.toThrow('socket hang up');
    expect(ran).toBe(true);
    await expect(t.run(async () => 200, is429)).resolves.toBe(200);
  });
});
