import { UsageError } from '../../../../engine/errors';
import { planWaves } from '../../../../engine/federation/waves';

const members = [
  { cluster: 'eu-1', wave: 1 },
  { cluster: 'eu-2', wave: 2 },
  { cluster: 'us-1', wave: 2 },
  { cluster: 'ap-1', wave: 3 },
];

describe('planWaves', () => {
  test('without --waves (or `declared`): the members\' declared waves in ascending order', () => {
    const expected = [['eu-1'], ['eu-2', 'us-1'], ['ap-1']];
    expect(planWaves(members)).toEqual(expected);
    expect(planWaves(members, true)).toEqual(expected);
    expect(planWaves(members, 'declared')).toEqual(expected);
    expect(planWaves([...members].reverse())).toEqual([['eu-1'], ['us-1', 'eu-2'], ['ap-1']]);
  });

  test('all members in wave 1 run as one parallel wave; `parallel` forces that', () => {
    expect(planWaves(members.map((m) => ({ ...m, wave: 1 })))).toEqual([['eu-1', 'eu-2', 'us-1', 'ap-1']]);
    expect(planWaves(members, 'parallel')).toEqual([['eu-1', 'eu-2', 'us-1', 'ap-1']]);
  });

  test('sizes: first cluster as canary, then the next two, the rest last', () => {
    expect(planWaves(members, '1,2')).toEqual([['eu-1'], ['eu-2', 'us-1'], ['ap-1']]);
    expect(planWaves(members, '1')).toEqual([['eu-1'], ['eu-2', 'us-1', 'ap-1']]);
    expect(planWaves(members, '2,2')).toEqual([['eu-1', 'eu-2'], ['us-1', 'ap-1']]);
  });

  test('names: waves separated by commas, clusters of a wave joined by +', () => {
    expect(planWaves(members, 'us-1, eu-1+eu-2 ,ap-1')).toEqual([['us-1'], ['eu-1', 'eu-2'], ['ap-1']]);
  });

  test.each([
    ['1,9', /10 clusters in the waves but the federation has 4 \(eu-1, eu-2, us-1, ap-1\)/],
    ['0,1', /wave sizes must be at least 1/],
    ['1,eu-2', /either wave sizes .* or cluster names/],
    ['eu-1,,eu-2', /empty wave/],
    ['eu-1,eu-3', /"eu-3" is not a member \(members: eu-1, eu-2, us-1, ap-1\)/],
    ['eu-1,eu-1+eu-2+us-1+ap-1', /"eu-1" is in more than one wave/],
    ['eu-1,eu-2+us-1', /every member needs a wave; missing ap-1/],
  ])('--waves %s is a usage error', (spec, message) => {
    expect(() => planWaves(members, spec)).toThrow(UsageError);
    expect(() => planWaves(members, spec)).toThrow(message);
  });
});
