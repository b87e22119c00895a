import { envList, zoneSpread } from '../../../../constructs/patterns/k8s-helpers';

describe('the one zone-spread rule of the patterns', () => {
  const selector = { 'app.kubernetes.io/name': 'web' };

  test('zones as asked, hosts always soft', () => {
    expect(zoneSpread(selector, 'DoNotSchedule')).toEqual([
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: selector } },
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
    ]);
  });

  test('zones only', () => {
    expect(zoneSpread(selector, 'ScheduleAnyway', false).map((c) => c.topologyKey)).toEqual(['topology.kubernetes.io/zone']);
  });
});

test('literal env vars are sorted by name', () => {
  expect(envList({ B: '2', A: '1' })).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
  expect(envList(undefined)).toBeUndefined();
});
