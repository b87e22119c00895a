import { divideReplicas, matchesSelector } from '../../../stacks';

const share = (name: string, weight: number, min = 0, max = Infinity) => ({ name, weight, min, max });
const asObject = (m: Map<string, number>) => Object.fromEntries(m);

describe('divideReplicas', () => {
  test('splits by weight', () => {
    expect(asObject(divideReplicas(8, [share('a', 2), share('b', 1), share('c', 1)]))).toEqual({ a: 4, b: 2, c: 2 });
    expect(asObject(divideReplicas(100, [share('a', 3), share('b', 7)]))).toEqual({ a: 30, b: 70 });
  });

  test('hands out remainders by largest fraction, then weight, then member order', () => {
    expect(asObject(divideReplicas(10, [share('a', 2), share('b', 1), share('c', 1)]))).toEqual({ a: 5, b: 3, c: 2 });
    expect(asObject(divideReplicas(3, [share('a', 1), share('b', 1), share('c', 1), share('d', 1)]))).toEqual({ a: 1, b: 1, c: 1, d: 0 });
    expect(asObject(divideReplicas(1, [share('a', 1), share('b', 3)]))).toEqual({ a: 0, b: 1 });
  });

  test('respects per-cluster max and min, giving the rest to the others by weight', () => {
    expect(asObject(divideReplicas(8, [share('a', 2, 0, 3), share('b', 1), share('c', 1)]))).toEqual({ a: 3, b: 3, c: 2 });
    expect(asObject(divideReplicas(8, [share('a', 2), share('b', 1, 4), share('c', 1)]))).toEqual({ a: 3, b: 4, c: 1 });
    expect(asObject(divideReplicas(5, [share('a', 1), share('b', 0, 2), share('c', 1)]))).toEqual({ a: 2, b: 2, c: 1 });
  });

  test('always adds up to the total and stays within limits', () => {
    const shares = [share('a', 5, 1, 9), share('b', 3), share('c', 1, 0, 2), share('d', 0, 1)];
    for (let total = 2; total <= 40; total++) {
      const counts = divideReplicas(total, shares);
      expect([...counts.values()].reduce((s, n) => s + n, 0)).toBe(total);
      for (const s of shares) {
        expect(counts.get(s.name)).toBeGreaterThanOrEqual(s.min);
        expect(counts.get(s.name)).toBeLessThanOrEqual(s.max);
      }
    }
  });

  test('impossible limits are errors that say why', () => {
    expect(() => divideReplicas(3, [share('a', 1, 2), share('b', 1, 2)])).toThrow('the per-cluster minimums add up to 4, more than the 3 replicas');
    expect(() => divideReplicas(9, [share('a', 1, 0, 4), share('b', 1, 0, 4)])).toThrow('the per-cluster maximums add up to 8, fewer than the 9 replicas');
    expect(() => divideReplicas(2, [share('a', 0), share('b', 0)])).toThrow('all selected clusters have weight 0');
  });
});

describe('matchesSelector', () => {
  const eu = { region: 'eu', zone: 'a' };
  test('matchLabels and every expression operator', () => {
    expect(matchesSelector(eu, { matchLabels: { region: 'eu' } })).toBe(true);
    expect(matchesSelector(eu, { matchLabels: { region: 'us' } })).toBe(false);
    expect(matchesSelector(eu, { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] })).toBe(true);
    expect(matchesSelector(eu, { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] })).toBe(false);
    expect(matchesSelector(eu, { matchExpressions: [{ key: 'gpu', operator: 'NotIn', values: ['yes'] }] })).toBe(true);
    expect(matchesSelector(eu, { matchExpressions: [{ key: 'zone', operator: 'Exists' }] })).toBe(true);
    expect(matchesSelector(eu, { matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] })).toBe(false);
  });
});
