import { envList } from '../../../../constructs/patterns/k8s-helpers';

test('literal env vars are sorted by name', () => {
  expect(envList({ B: '2', A: '1' })).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
  expect(envList(undefined)).toBeUndefined();
});
