import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Deployment, PreemptionPolicy, PriorityClass, StatefulSet, WhenUnsatisfiable } from '../../../../constructs/workloads';
import { onlyObject, podSpecOf } from './synth-helpers';

const image = 'web:1';

describe('scheduling', () => {
  test('nodeSelector, required and preferred node affinity', () => {
    const chart = Testing.chart();
    new Deployment(chart, 'web', {
      containers: [{ image }],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      nodeAffinity: {
        required: [kplus.NodeLabelQuery.in('node.kubernetes.io/instance-type', ['m7i.large', 'm7i.xlarge'])],
        preferred: [{ weight: 50, match: [kplus.NodeLabelQuery.is('disk', 'ssd')] }],
      },
    });
    const spec = podSpecOf(onlyObject(chart, 'Deployment'));
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m7i.large', 'm7i.xlarge'] }] },
    ]);
    expect(spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).toEqual([
      { weight: 50, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
    ]);
  });

  test('pod anti-affinity against itself and affinity to another workload use their selectors', () => {
    const chart = Testing.chart();
    const cache = new Deployment(chart, 'cache', { containers: [{ image: 'redis:7' }] });
    const web = new Deployment(chart, 'web', {
      containers: [{ image }],
      podAffinity: [{ selector: cache, weight: 100 }],
    });
    web.scheduling.separate(web, { topology: kplus.Topology.HOSTNAME });
    const d = Testing.synth(chart).find((o: any) => o.kind === 'Deployment' && o.metadata.labels['app.kubernetes.io/name'] === 'web');
    const affinity = d.spec.template.spec.affinity;
    expect(affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]).toMatchObject({
      weight: 100,
      podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' },
    });
    const anti = affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0];
    expect(anti.topologyKey).toBe('kubernetes.io/hostname');
    // the term selects the web pods themselves: its labels are on the web pod template
    for (const [k, v] of Object.entries(anti.labelSelector.matchLabels)) {
      expect(d.spec.template.metadata.labels[k]).toBe(v);
    }
  });

  test('podAntiAffinity prop renders a separate term', () => {
    const chart = Testing.chart();
    const other = new Deployment(chart, 'other', { containers: [{ image }] });
    new Deployment(chart, 'web', { containers: [{ image }], podAntiAffinity: [{ selector: other, topology: kplus.Topology.ZONE }] });
    const d = Testing.synth(chart).find((o: any) => o.kind === 'Deployment' && o.metadata.labels['app.kubernetes.io/name'] === 'web');
    expect(d.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey)
      .toBe('topology.kubernetes.io/zone');
  });

  test('spreadAcrossZones: soft zone and hostname constraints selecting the workload\'s own pods', () => {
    const chart = Testing.chart();
    new Deployment(chart, 'web', { containers: [{ image }], spreadAcrossZones: true });
    const d = onlyObject(chart, 'Deployment');
    const constraints = d.spec.template.spec.topologySpreadConstraints;
    expect(constraints.map((c: any) => c.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    for (const c of constraints) {
      expect(c).toMatchObject({ maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', matchLabelKeys: ['pod-template-hash'] });
      expect(c.labelSelector.matchLabels).toEqual(d.spec.selector.matchLabels);
    }
  });

  test('a StatefulSet spread has no pod-template-hash key (its pods carry no such label)', () => {
    const chart = Testing.chart();
    new StatefulSet(chart, 'db', { containers: [{ image, portNumber: 5432 }], spreadAcrossZones: true });
    const constraints = podSpecOf(onlyObject(chart, 'StatefulSet')).topologySpreadConstraints;
    expect(constraints).toHaveLength(2);
    expect(constraints[0].matchLabelKeys).toBeUndefined();
  });

  test('explicit hard topology spread with minDomains', () => {
    const chart = Testing.chart();
    new Deployment(chart, 'web', {
      containers: [{ image }],
      topologySpread: [{ topology: kplus.Topology.ZONE, maxSkew: 2, whenUnsatisfiable: WhenUnsatisfiable.DO_NOT_SCHEDULE, minDomains: 3 }],
    });
    expect(podSpecOf(onlyObject(chart, 'Deployment')).topologySpreadConstraints).toEqual([expect.objectContaining({
      topologyKey: 'topology.kubernetes.io/zone', maxSkew: 2, whenUnsatisfiable: 'DoNotSchedule', minDomains: 3,
    })]);
  });

  test('tolerations and tolerate-everything', () => {
    const chart = Testing.chart();
    new Deployment(chart, 'web', {
      containers: [{ image }],
      tolerations: [kplus.NodeTaintQuery.is('dedicated', 'gpu', { effect: kplus.TaintEffect.NO_SCHEDULE })],
      tolerateAll: true,
    });
    expect(podSpecOf(onlyObject(chart, 'Deployment')).tolerations).toEqual([
      { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
      { operator: 'Exists' },
    ]);
  });

  test('priority class by construct or by name; PriorityClass renders scheduling.k8s.io/v1', () => {
    const chart = Testing.chart();
    const critical = new PriorityClass(chart, 'critical', {
      value: 100000, description: 'customer-facing', preemptionPolicy: PreemptionPolicy.NEVER,
      metadata: { name: 'business-critical' },
    });
    new Deployment(chart, 'web', { containers: [{ image }], priorityClass: critical });
    new Deployment(chart, 'batch', { containers: [{ image }], priorityClass: 'low-priority' });
    const objects = Testing.synth(chart);
    const pc = objects.find((o: any) => o.kind === 'PriorityClass');
    expect(pc).toEqual({
      apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass',
      metadata: { name: 'business-critical', labels: { 'app.kubernetes.io/managed-by': 'kapstan' } },
      value: 100000, description: 'customer-facing', preemptionPolicy: 'Never',
    });
    const names = objects.filter((o: any) => o.kind === 'Deployment').map((o: any) => o.spec.template.spec.priorityClassName);
    expect(names.sort()).toEqual(['business-critical', 'low-priority']);
  });

  test('imagePullSecrets by name and object, merged without duplicates', () => {
    const chart = Testing.chart();
    const registry = kplus.Secret.fromSecretName(chart, 'Registry', 'ghcr-pull');
    new Deployment(chart, 'web', {
      containers: [{ image: 'ghcr.io/acme/web:1' }],
      dockerRegistryAuth: registry,
      imagePullSecrets: ['ecr-pull', registry],
    });
    expect(podSpecOf(onlyObject(chart, 'Deployment')).imagePullSecrets).toEqual([{ name: 'ghcr-pull' }, { name: 'ecr-pull' }]);
  });

  test.each([
    [{ nodeAffinity: { preferred: [{ weight: 0, match: [kplus.NodeLabelQuery.exists('ssd')] }] } }, 'test/web: nodeAffinity.preferred[0].weight: must be a whole number from 1 to 100 (got 0)'],
    [{ nodeAffinity: { preferred: [{ weight: 10, match: [] }] } }, 'test/web: nodeAffinity.preferred[0].match: must not be empty'],
    [{ topologySpread: [{ maxSkew: 0 }] }, 'test/web: topologySpread[0].maxSkew: must be a whole number >= 1 (got 0)'],
    [{ topologySpread: [{ minDomains: 2 }] }, 'test/web: topologySpread[0].minDomains: requires whenUnsatisfiable: DoNotSchedule'],
    [{ priorityClass: 'High Priority' }, 'test/web: priorityClass: must be a DNS-1123 name (got "High Priority")'],
  ])('bad scheduling props are rejected with the path and field: %j', (props, message) => {
    const chart = Testing.chart();
    expect(() => new Deployment(chart, 'web', { ...props, containers: [{ image }] })).toThrow(message);
  });

  test('a PriorityClass value above the user range is rejected', () => {
    const chart = Testing.chart();
    expect(() => new PriorityClass(chart, 'pc', { value: 2_000_000_000 })).toThrow(
      'test/pc: value: must be a whole number between -2147483648 and 1000000000 (got 2000000000)');
  });
});
