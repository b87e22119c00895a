import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Deployment, Job, StatefulSet } from '../../../constructs/workloads';
import { onlyObject, podSpecOf } from './synth-helpers';

describe('pod spec details shared by all workloads', () => {
  test('serviceAccount by name or by kplus object', () => {
    const chart = Testing.chart();
    const sa = kplus.ServiceAccount.fromServiceAccountName(chart, 'Sa', 'web-sa');
    new Deployment(chart, 'web', { containers: [{ image: 'web:1' }], serviceAccount: sa });
    new Job(chart, 'job', { containers: [{ image: 'job:1' }], serviceAccount: 'batch-runner', automountServiceAccountToken: true });
    const objects = Testing.synth(chart);
    expect(podSpecOf(objects.find((o: any) => o.kind === 'Deployment')).serviceAccountName).toBe('web-sa');
    const job = podSpecOf(objects.find((o: any) => o.kind === 'Job'));
    expect(job.serviceAccountName).toBe('batch-runner');
    expect(job.automountServiceAccountToken).toBe(true);
  });

  test('a service account name that is not DNS-1123 is rejected', () => {
    const chart = Testing.chart();
    expect(() => new Deployment(chart, 'web', { containers: [{ image: 'web:1' }], serviceAccount: 'Web SA' }))
      .toThrow('test/web: serviceAccount must be a DNS-1123 name (got "Web SA")');
  });

  test('extended resources on init containers land on the right container', () => {
    const chart = Testing.chart();
    new StatefulSet(chart, 'gpu', {
      initContainers: [{ image: 'warmup:1', extendedResources: { 'nvidia.com/gpu': 1 } }],
      containers: [{ image: 'serve:1', portNumber: 8000 }, { name: 'trainer', image: 'train:1', extendedResources: { 'nvidia.com/gpu': 4 } }],
    });
    const spec = podSpecOf(onlyObject(chart, 'StatefulSet'));
    expect(spec.initContainers[0].resources.limits['nvidia.com/gpu']).toBe('1');
    expect(spec.containers[0].resources.limits['nvidia.com/gpu']).toBeUndefined();
    expect(spec.containers[1].resources.requests['nvidia.com/gpu']).toBe('4');
  });

  test('cdk8s App.synth runs the selector validations and reports the construct path', () => {
    const app = new App({ outdir: '/tmp/kapstan-workloads-unit' });
    const chart = new Chart(app, 'prod');
    const web = new Deployment(chart, 'web', { containers: [{ image: 'web:1' }] });
    web.select(kplus.LabelSelector.of({ expressions: [kplus.LabelExpression.in('track', ['stable'])] }));
    expect(() => app.synthYaml()).toThrow('[prod/web] spec.selector.matchExpressions track In does not match the pod template labels');
  });
});
