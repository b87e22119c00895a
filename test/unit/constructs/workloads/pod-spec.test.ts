import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Deployment, Job, StatefulSet } from '../../../../constructs/workloads';
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
      .toThrow('test/web: serviceAccount: must be a DNS-1123 name (got "Web SA")');
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

describe('selector expressions', () => {
  test.each([
    [kplus.LabelExpression.in('tier', ['web', 'api']), []],
    [kplus.LabelExpression.in('tier', ['db']), ['spec.selector.matchExpressions tier In does not match the pod template labels']],
    [kplus.LabelExpression.notIn('tier', ['db']), []],
    [kplus.LabelExpression.notIn('tier', ['web']), ['spec.selector.matchExpressions tier NotIn does not match the pod template labels']],
    [kplus.LabelExpression.exists('tier'), []],
    [kplus.LabelExpression.doesNotExist('tier'), ['spec.selector.matchExpressions tier DoesNotExist does not match the pod template labels']],
    [kplus.LabelExpression.exists('zone'), ['spec.selector.matchExpressions zone Exists does not match the pod template labels']],
  ])('expression %j against pods labelled tier=web', (expression, problems) => {
    const chart = Testing.chart();
    const web = new Deployment(chart, 'web', { containers: [{ image: 'web:1' }] });
    web.podMetadata.addLabel('tier', 'web');
    web.select(kplus.LabelSelector.of({ expressions: [expression] }));
    expect(web.node.validate()).toEqual(problems);
  });
});

describe('references by name', () => {
  test('the same ConfigMap or Secret name used by several containers resolves to one reference', () => {
    const chart = Testing.chart();
    const env = { A: { secret: 'shared', key: 'a' }, B: { configMap: 'cfg', key: 'b' } };
    const web = new Deployment(chart, 'web', {
      containers: [{ image: 'web:1', env, envFromSecrets: ['shared'] }, { name: 'side', image: 'side:1', env }],
      imagePullSecrets: ['shared'],
    });
    const refs = web.node.children.map((c) => c.node.id).filter((id) => id.endsWith('Ref-shared') || id.endsWith('Ref-cfg'));
    expect(refs.sort()).toEqual(['ConfigMapRef-cfg', 'SecretRef-shared']);
    const spec = podSpecOf(onlyObject(chart, 'Deployment'));
    expect(spec.containers[1].env).toEqual(spec.containers[0].env);
  });

  test('a variable set both in env and envVariables is rejected', () => {
    const chart = Testing.chart();
    expect(() => new Deployment(chart, 'web', {
      containers: [{ image: 'web:1', env: { A: 'x' }, envVariables: { A: kplus.EnvValue.fromValue('y') } }],
    })).toThrow('test/web: containers[0].env.A: is also set in envVariables');
  });
});
