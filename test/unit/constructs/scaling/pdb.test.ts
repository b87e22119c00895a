import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { PodDisruptionBudget, UnhealthyPodEvictionPolicy } from '../../../../constructs/scaling';

describe('PodDisruptionBudget', () => {
  test('defaults: one pod down at a time, unhealthy pods never block a drain', () => {
    const chart = Testing.chart();
    new PodDisruptionBudget(chart, 'pdb', { app: { name: 'web' } });
    const [pdb] = Testing.synth(chart);
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.metadata.labels['app.kubernetes.io/name']).toBe('web');
    expect(pdb.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' } },
      maxUnavailable: 1,
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
  });

  test('minAvailable as a percentage for a cdk8s-plus workload', () => {
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx:1.27' }] });
    new PodDisruptionBudget(chart, 'pdb', { selector: deployment, minAvailable: '50%', unhealthyPodEvictionPolicy: UnhealthyPodEvictionPolicy.IF_HEALTHY_BUDGET });
    const objects = Testing.synth(chart);
    const dep = objects.find((o) => o.kind === 'Deployment');
    const pdb = objects.find((o) => o.kind === 'PodDisruptionBudget');
    expect(pdb.spec).toEqual({ selector: dep.spec.selector, minAvailable: '50%', unhealthyPodEvictionPolicy: 'IfHealthyBudget' });
  });

  test('errors name the construct path and the field', () => {
    const chart = Testing.chart();
    const labels = { labels: { app: 'web' } };
    expect(() => new PodDisruptionBudget(chart, 'a', { selector: labels, minAvailable: 1, maxUnavailable: 1 }))
      .toThrow('test/a: spec.maxUnavailable: set either minAvailable or maxUnavailable, not both');
    expect(() => new PodDisruptionBudget(chart, 'b', {})).toThrow('test/b: spec.selector: a disruption budget needs a selector (or app)');
    expect(() => new PodDisruptionBudget(chart, 'c', { selector: { labels: {} } })).toThrow('test/c: spec.selector: an empty selector would match every pod in the namespace');
    expect(() => new PodDisruptionBudget(chart, 'd', { selector: labels, minAvailable: '150%' }))
      .toThrow('test/d: spec.minAvailable: "150%" is not a count or a percentage between 0% and 100%');
    expect(() => new PodDisruptionBudget(chart, 'e', { selector: labels, maxUnavailable: 0 }))
      .toThrow('test/e: spec.maxUnavailable: 0 would block every node drain; use at least 1');
  });
});
