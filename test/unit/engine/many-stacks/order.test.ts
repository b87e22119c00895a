import { stackWaves } from '../../../../engine/many-stacks/order';

describe('stackWaves', () => {
  test('independent stacks share a wave; a stack comes in the wave after its last dependency', () => {
    const r = stackWaves([
      { name: 'web', dependsOn: ['db', 'base'] },
      { name: 'db', dependsOn: ['base'] },
      { name: 'base' },
      { name: 'batch' },
      { name: 'ml', dependsOn: ['base'] },
    ], ['web', 'db', 'base', 'batch', 'ml']);
    expect(r.waves).toEqual([['base', 'batch'], ['db', 'ml'], ['web']]);
    expect(r.unselected).toEqual([]);
  });

  test('a dependency the selection leaves out is not waited for, and is named', () => {
    const r = stackWaves([{ name: 'web', dependsOn: ['db'] }], ['web', 'db']);
    expect(r.waves).toEqual([['web']]);
    expect(r.unselected).toEqual([{ stack: 'web', dependsOn: 'db' }]);
  });

  test('a dependency on a stack that does not exist is an error naming the stack and the field', () => {
    expect(() => stackWaves([{ name: 'web', dependsOn: ['dbb'] }], ['web', 'db'])).toThrow('stack web: dependsOn: no stack "dbb" in the app (stacks: web, db)');
  });

  test('a cycle is an error naming it', () => {
    expect(() => stackWaves([{ name: 'a', dependsOn: ['b'] }, { name: 'b', dependsOn: ['c'] }, { name: 'c', dependsOn: ['a'] }], ['a', 'b', 'c']))
      .toThrow('stacks depend on each other in a cycle: a -> b -> c -> a');
  });
});
