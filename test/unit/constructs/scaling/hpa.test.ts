import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Deployment } from '../../../../constructs/workloads';
import { HorizontalPodAutoscaler, HorizontalPodAutoscalerProps, ScalingMetric, SelectPolicy } from '../../../../constructs/scaling';

describe('HorizontalPodAutoscaler', () => {
  test('defaults: 2 to max replicas on CPU at 70%, no behavior override', () => {
    const chart = Testing.chart();
    new HorizontalPodAutoscaler(chart, 'hpa', { target: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 6 });
    const [hpa] = Testing.synth(chart);
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 6,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
  });

  test('resource and custom metrics with behavior', () => {
    const chart = Testing.chart();
    new HorizontalPodAutoscaler(chart, 'hpa', {
      target: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'queue' },
      minReplicas: 3,
      maxReplicas: 30,
      metrics: [
        ScalingMetric.memoryUtilization(80),
        ScalingMetric.containerResource('app', 'cpu', { averageUtilization: 60 }),
        ScalingMetric.pods({ name: 'http_requests_per_second', target: { averageValue: '100' } }),
        ScalingMetric.object({
          name: 'requests-per-second', describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'main' }, target: { value: '10k' },
        }),
        ScalingMetric.external({ name: 'queue_messages_ready', selector: { matchLabels: { queue: 'jobs' } }, target: { averageValue: 30 } }),
      ],
      scaleUp: { stabilizationWindow: Duration.seconds(0), selectPolicy: SelectPolicy.MAX, policies: [{ type: 'Percent', value: 100, period: Duration.seconds(15) }, { type: 'Pods', value: 4, period: Duration.seconds(15) }] },
      scaleDown: { stabilizationWindow: Duration.minutes(10), policies: [{ type: 'Percent', value: 10, period: Duration.minutes(1) }] },
    });
    const [hpa] = Testing.synth(chart);
    expect(hpa.spec.minReplicas).toBe(3);
    expect(hpa.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
      { type: 'ContainerResource', containerResource: { container: 'app', name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
      { type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '100' } } },
      {
        type: 'Object',
        object: {
          describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'main' },
          metric: { name: 'requests-per-second' },
          target: { type: 'Value', value: '10k' },
        },
      },
      {
        type: 'External',
        external: { metric: { name: 'queue_messages_ready', selector: { matchLabels: { queue: 'jobs' } } }, target: { type: 'AverageValue', averageValue: '30' } },
      },
    ]);
    expect(hpa.spec.behavior).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }, { type: 'Pods', value: 4, periodSeconds: 15 }],
      },
      scaleDown: { stabilizationWindowSeconds: 600, policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }] },
    });
  });

  test('targets a Kapstan Deployment, which then leaves replicas to the autoscaler', () => {
    const chart = Testing.chart();
    const deployment = new Deployment(chart, 'api', {
      app: { name: 'api' },
      containers: [{ image: 'ghcr.io/acme/api:1.0.0', resources: { cpu: { request: kplus.Cpu.millis(250) } } }],
    });
    new HorizontalPodAutoscaler(chart, 'hpa', { target: deployment, maxReplicas: 10 });
    const objects = Testing.synth(chart);
    const dep = objects.find((o) => o.kind === 'Deployment');
    const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: dep.metadata.name });
    expect(dep.spec.replicas).toBeUndefined();
  });

  describe('errors name the construct path and the field', () => {
    const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
    const cases: [Omit<HorizontalPodAutoscalerProps, 'target'>, string][] = [
      [{ maxReplicas: 5, minReplicas: 0 }, 'test/hpa: spec.minReplicas: must be a whole number of at least 1 (got 0)'],
      [{ maxReplicas: 1 }, 'test/hpa: spec.maxReplicas: must be a whole number of at least minReplicas 2 (got 1)'],
      [{ maxReplicas: 5, metrics: [] }, 'test/hpa: spec.metrics: needs at least one metric (omit it for CPU at 70%)'],
      [{ maxReplicas: 5, metrics: [ScalingMetric.cpuUtilization(0)] }, 'test/hpa: spec.metrics[0].target.averageUtilization: must be a whole percentage of at least 1 (got 0)'],
      [{ maxReplicas: 5, metrics: [ScalingMetric.pods({ name: 'rps', target: { averageUtilization: 50 } })] }, 'test/hpa: spec.metrics[0].target: utilization targets apply to resource metrics only (type is Pods)'],
      [{ maxReplicas: 5, metrics: [ScalingMetric.pods({ name: 'rps', target: { value: 5 } })] }, 'test/hpa: spec.metrics[0].target.value: a plain value target applies to Object and External metrics only (type is Pods)'],
      [{ maxReplicas: 5, metrics: [ScalingMetric.external({ name: 'q', target: { averageValue: 'many' } })] }, 'test/hpa: spec.metrics[0].target.averageValue: "many" is not a Kubernetes quantity (e.g. 500m, 2Gi, 10)'],
      [{ maxReplicas: 5, scaleDown: { stabilizationWindow: Duration.hours(2) } }, 'test/hpa: spec.behavior.scaleDown.stabilizationWindowSeconds: must be between 0 and 1 hour (got 7200s)'],
      [{ maxReplicas: 5, scaleUp: { policies: [{ type: 'Pods', value: 2, period: Duration.hours(1) }] } }, 'test/hpa: spec.behavior.scaleUp.policies[0].periodSeconds: must be between 1 second and 30 minutes (got 3600s)'],
      [{ maxReplicas: 5, scaleUp: { policies: [{ type: 'Percent', value: 0, period: Duration.minutes(1) }] } }, 'test/hpa: spec.behavior.scaleUp.policies[0].value: must be a whole number of at least 1 (got 0)'],
    ];
    test.each(cases)('%#', (props, message) => {
      expect(() => new HorizontalPodAutoscaler(Testing.chart(), 'hpa', { target, ...props })).toThrow(message);
    });
  });
});

describe('HorizontalPodAutoscaler checks against its workload (at synth)', () => {
  test('utilization needs a request on every container; container metrics need the container', () => {
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'web', {
      containers: [
        { name: 'app', image: 'ghcr.io/acme/web:1.0.0', resources: { cpu: { request: kplus.Cpu.millis(200) } } },
        { name: 'proxy', image: 'ghcr.io/acme/proxy:1.0.0', resources: {} },
      ],
    });
    const hpa = new HorizontalPodAutoscaler(chart, 'hpa', {
      target: deployment,
      maxReplicas: 5,
      metrics: [
        ScalingMetric.cpuUtilization(70),
        ScalingMetric.containerResource('app', 'cpu', { averageUtilization: 60 }),
        ScalingMetric.containerResource('sidecar', 'cpu', { averageUtilization: 60 }),
        ScalingMetric.memoryUtilization(80),
        ScalingMetric.resource('memory', { averageValue: '500Mi' }),
      ],
    });
    expect(hpa.node.validate()).toEqual([
      'spec.metrics[0]: cpu utilization needs a cpu request on every container of the target (missing on: proxy)',
      'spec.metrics[2].containerResource.container: the target has no container named "sidecar"',
      'spec.metrics[3]: memory utilization needs a memory request on every container of the target (missing on: app, proxy)',
    ]);
  });

  test('a workload whose containers request CPU passes', () => {
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'web', {
      containers: [{ name: 'app', image: 'ghcr.io/acme/web:1.0.0', resources: { cpu: { limit: kplus.Cpu.millis(500) } } }],
    });
    const hpa = new HorizontalPodAutoscaler(chart, 'hpa', { target: deployment, maxReplicas: 5 });
    expect(hpa.node.validate()).toEqual([]);
  });
});
