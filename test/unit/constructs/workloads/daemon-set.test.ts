import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { DaemonSet, DaemonSetUpdateStrategy } from '../../../../constructs/workloads';
import { onlyObject, podSpecOf } from './synth-helpers';

const agent = { image: 'fluent-bit:3.1' };

describe('DaemonSet', () => {
  test('defaults: rolling update one node at a time, history limit, selector matching the pods, no tolerations', () => {
    const chart = Testing.chart();
    const ds = new DaemonSet(chart, 'logs', { containers: [agent] });
    const obj = onlyObject(chart, 'DaemonSet');
    expect(obj.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(obj.spec.revisionHistoryLimit).toBe(10);
    for (const [k, v] of Object.entries(obj.spec.selector.matchLabels)) expect(obj.spec.template.metadata.labels[k]).toBe(v);
    expect(podSpecOf(obj).tolerations).toBeUndefined();
    expect(ds.node.validate()).toEqual([]);
  });

  test('tolerate-everything node agent with a percentage budget and host path volume', () => {
    const chart = Testing.chart();
    const ds = new DaemonSet(chart, 'logs', {
      containers: [agent],
      tolerateAll: true,
      updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.percent(10) }),
      revisionHistoryLimit: 3,
      priorityClass: 'system-node-critical',
    });
    ds.containers[0].mount('/var/log', kplus.Volume.fromHostPath(ds, 'VarLog', 'varlog', { path: '/var/log' }), { readOnly: true });
    const obj = onlyObject(chart, 'DaemonSet');
    const spec = podSpecOf(obj);
    expect(spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(spec.priorityClassName).toBe('system-node-critical');
    expect(spec.volumes).toEqual([{ name: 'varlog', hostPath: expect.objectContaining({ path: '/var/log' }) }]);
    expect(obj.spec.updateStrategy.rollingUpdate).toEqual({ maxUnavailable: '10%', maxSurge: 0 });
    expect(obj.spec.revisionHistoryLimit).toBe(3);
  });

  test('surge update and OnDelete', () => {
    const chart = Testing.chart();
    new DaemonSet(chart, 'surge', {
      containers: [agent],
      updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.absolute(0), maxSurge: kplus.PercentOrAbsolute.absolute(1) }),
    });
    new DaemonSet(chart, 'manual', { containers: [agent], updateStrategy: DaemonSetUpdateStrategy.onDelete() });
    const [surge, manual] = Testing.synth(chart).filter((o: any) => o.kind === 'DaemonSet');
    expect(surge.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
    expect(manual.spec.updateStrategy).toEqual({ type: 'OnDelete' });
  });

  test.each([
    [{ updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }) },
      'test/logs: updateStrategy: must allow maxUnavailable or maxSurge above zero, or the rollout can never progress'],
    [{ revisionHistoryLimit: -3 }, 'test/logs: revisionHistoryLimit: must be a whole number >= 0 (got -3)'],
    [{ minReadySeconds: -1 }, 'test/logs: minReadySeconds: must be a whole number >= 0 (got -1)'],
  ])('bad props are rejected with the path and field: %j', (props, message) => {
    const chart = Testing.chart();
    expect(() => new DaemonSet(chart, 'logs', { ...props, containers: [agent] })).toThrow(message);
  });
});
