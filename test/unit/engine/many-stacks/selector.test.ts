import { matchesSelector, parseSelector } from '../../../../engine/many-stacks/selector';

const match = (sel: string, labels: Record<string, string>) => matchesSelector(labels, parseSelector(sel));

describe('stack label selectors', () => {
  test('equality, inequality, existence and sets, all of them must hold', () => {
    const web = { team: 'web', tier: 'frontend' };
    expect(match('team=web', web)).toBe(true);
    expect(match('team==web', web)).toBe(true);
    expect(match('team=data', web)).toBe(false);
    expect(match('team!=data', web)).toBe(true);
    expect(match('owner!=x', web)).toBe(true);
    expect(match('tier', web)).toBe(true);
    expect(match('!tier', web)).toBe(false);
    expect(match('team in (web, data)', web)).toBe(true);
    expect(match('team notin (web,data)', web)).toBe(false);
    expect(match('team=web,tier=frontend', web)).toBe(true);
    expect(match('team=web, tier=backend', web)).toBe(false);
    expect(match('team=web,tier in (a,frontend)', web)).toBe(true);
  });

  test('a malformed selector is a usage error naming the flag and the part', () => {
    expect(() => parseSelector('team=web,=x')).toThrow('--selector "team=web,=x": cannot read "=x"');
    expect(() => parseSelector('team in ()')).toThrow('"team in ()" lists no values');
    expect(() => parseSelector('team=a b')).toThrow('cannot read "team=a b"');
  });
});
