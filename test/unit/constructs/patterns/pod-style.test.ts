import { Testing } from 'cdk8s';
import { PATTERN_POD_STYLE, quantities, sortedEnv, zoneSpreadProps } from '../../../../constructs/patterns/pod-style';
import { Deployment, WhenUnsatisfiable } from '../../../../constructs/workloads';

function podSpec(build: (chart: ReturnType<typeof Testing.chart>) => void): any {
  const chart = Testing.chart();
  build(chart);
  return Testing.synth(chart).find((o: any) => o.kind === 'Deployment').spec.template.spec;
}

describe('the one zone-spread rule of the patterns', () => {
  const selector = { 'app.kubernetes.io/instance': 'web', 'app.kubernetes.io/name': 'web' };

  test('zones as asked, hosts always soft, selecting the workload\'s own pods, no matchLabelKeys', () => {
    const spec = podSpec((c) => new Deployment(c, 'web', { ...PATTERN_POD_STYLE, topologySpread: zoneSpreadProps(WhenUnsatisfiable.DO_NOT_SCHEDULE), containers: [{ image: 'nginx:1.27' }] }));
    expect(spec.topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: selector } },
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
    ]);
  });

  test('zones only', () => {
    const spec = podSpec((c) => new Deployment(c, 'web', { topologySpread: zoneSpreadProps(WhenUnsatisfiable.SCHEDULE_ANYWAY, false), containers: [{ image: 'nginx:1.27' }] }));
    expect(spec.topologySpreadConstraints.map((t: any) => t.topologyKey)).toEqual(['topology.kubernetes.io/zone']);
  });
});

test('the pattern pod style: no address label, no restated defaults, RuntimeDefault seccomp', () => {
  const chart = Testing.chart();
  new Deployment(chart, 'web', { ...PATTERN_POD_STYLE, containers: [{ image: 'nginx:1.27' }] });
  const d = Testing.synth(chart)[0];
  expect(d.spec.template.metadata.labels).not.toHaveProperty(['cdk8s.io/metadata.addr']);
  expect(d.spec.template.spec.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  expect(d.spec.template.spec).not.toHaveProperty('dnsPolicy');
});

test('env sorted by name; resources as container quantities', () => {
  expect(Object.keys(sortedEnv({ B: '2', A: '1' })!)).toEqual(['A', 'B']);
  expect(quantities({ requests: { cpu: '1', memory: '2Gi', extended: { 'nvidia.com/gpu': 1 } }, limits: { ephemeralStorage: '1Gi' } }))
    .toEqual({ requests: { cpu: '1', memory: '2Gi', 'nvidia.com/gpu': 1 }, limits: { 'ephemeral-storage': '1Gi' } });
});
