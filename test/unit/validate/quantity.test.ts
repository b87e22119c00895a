import { compareExact, parseQuantity } from '../../../validate/semantic/quantity';

const value = (q: unknown) => {
  const e = parseQuantity(q);
  return e && Number(e.n) / Number(e.d);
};

describe('quantities', () => {
  it.each([
    ['500m', 0.5], ['1', 1], [2, 2], [0.5, 0.5], ['1.5', 1.5], ['1Ki', 1024], ['1Gi', 1024 ** 3], ['1.5Gi', 1.5 * 1024 ** 3],
    ['1e3', 1000], ['1E3', 1000], ['2k', 2000], ['1M', 1e6], ['1E', 1e18], ['.5', 0.5], ['+3', 3], ['-1', -1], ['1e-3', 0.001],
  ])('parses %p as %p', (q, expected) => {
    expect(value(q)).toBeCloseTo(expected as number, 9);
  });

  it.each(['', 'abc', '1 Gi', '1gi', '1KiB', '--1', NaN, {}])('rejects %p', (q) => {
    expect(parseQuantity(q)).toBeUndefined();
  });

  it('compares exactly across suffixes', () => {
    const cmp = (a: string, b: string) => compareExact(parseQuantity(a)!, parseQuantity(b)!);
    expect(cmp('1000m', '1')).toBe(0);
    expect(cmp('1Gi', '1000Mi')).toBe(1);
    expect(cmp('1G', '1Gi')).toBe(-1);
    expect(cmp('1e3', '1k')).toBe(0);
    expect(cmp('0.1', '100m')).toBe(0);
    expect(cmp('100000001m', '100000000m')).toBe(1);
  });
});
