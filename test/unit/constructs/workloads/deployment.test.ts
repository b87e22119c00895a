import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Deployment } from '../../../../constructs/workloads';
import { onlyObject, podSpecOf } from './synth-helpers';

describe('Deployment', () => {
  test('defaults: recommended labels, a selector that matches the pod labels, rolling update, 2 replicas', () => {
    const chart = Testing.chart();
    const web = new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27' }] });
    const d = onlyObject(chart, 'Deployment');

    expect(Object.keys(d.metadata.labels).sort()).toEqual([
      'app.kubernetes.io/instance', 'app.kubernetes.io/managed-by', 'app.kubernetes.io/name',
    ]);
    expect(d.metadata.labels['app.kubernetes.io/name']).toBe('web');
    expect(d.metadata.labels['app.kubernetes.io/managed-by']).toBe('kapstan');
    // the shared default of labels.ts: `{ app: { name: 'web' } }` selects these pods anywhere in Kapstan
    expect(d.metadata.labels['app.kubernetes.io/instance']).toBe('web');
    const selector = d.spec.selector.matchLabels;
    expect(Object.keys(selector).sort()).toEqual(['app.kubernetes.io/instance', 'app.kubernetes.io/name']);
    for (const [key, value] of Object.entries(selector)) {
      expect(d.spec.template.metadata.labels[key]).toBe(value);
    }
    expect(d.spec.template.metadata.labels['app.kubernetes.io/managed-by']).toBe('kapstan');
    expect(d.spec.replicas).toBe(2);
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    expect(d.spec.revisionHistoryLimit).toBe(10);
    expect(d.spec.progressDeadlineSeconds).toBe(600);
    expect(web.node.validate()).toEqual([]);
  });

  test('containers are non-root, drop all capabilities and use the RuntimeDefault seccomp profile', () => {
    const chart = Testing.chart();
    new Deployment(chart, 'web', { containers: [{ image: 'nginx:1.27' }] });
    const spec = podSpecOf(onlyObject(chart, 'Deployment'));
    expect(spec.securityContext.runAsNonRoot).toBe(true);
    expect(spec.containers[0].securityContext).toEqual({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(spec.automountServiceAccountToken).toBe(false);
  });

  test('a user securityContext field wins over the secure default', () => {
    const chart = Testing.chart();
    new Deployment(chart, 'web', {
      containers: [{ image: 'nginx:1.27', securityContext: { capabilities: { add: [kplus.Capability.NET_BIND_SERVICE], drop: [kplus.Capability.ALL] }, readOnlyRootFilesystem: false } }],
    });
    const c = podSpecOf(onlyObject(chart, 'Deployment')).containers[0];
    expect(c.securityContext.capabilities).toEqual({ add: ['NET_BIND_SERVICE'], drop: ['ALL'] });
    expect(c.securityContext.readOnlyRootFilesystem).toBe(false);
    expect(c.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  test('rollout settings: maxSurge/maxUnavailable, minReady, progressDeadline, revisionHistoryLimit, replicas', () => {
    const chart = Testing.chart();
    new Deployment(chart, 'web', {
      replicas: 4,
      strategy: kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1), maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }),
      minReady: Duration.seconds(10),
      progressDeadline: Duration.minutes(5),
      revisionHistoryLimit: 3,
      containers: [{ image: 'nginx:1.27' }],
    });
    const d = onlyObject(chart, 'Deployment');
    expect(d.spec.replicas).toBe(4);
    expect(d.spec.strategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(d.spec.minReadySeconds).toBe(10);
    expect(d.spec.progressDeadlineSeconds).toBe(300);
    expect(d.spec.revisionHistoryLimit).toBe(3);
  });

  test('app labels: version and part-of label the pods but stay out of the selector', () => {
    const chart = Testing.chart();
    new Deployment(chart, 'web', {
      app: { name: 'shop', instance: 'shop-prod', version: '1.4.2', component: 'frontend', partOf: 'store' },
      containers: [{ image: 'shop:1.4.2' }],
    });
    const d = onlyObject(chart, 'Deployment');
    expect(d.spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'shop',
      'app.kubernetes.io/instance': 'shop-prod',
      'app.kubernetes.io/component': 'frontend',
    });
    expect(d.spec.template.metadata.labels).toMatchObject({
      'app.kubernetes.io/version': '1.4.2',
      'app.kubernetes.io/part-of': 'store',
      'app.kubernetes.io/managed-by': 'kapstan',
    });
  });

  test('two workloads whose selectors would match each other\'s pods fail validation', () => {
    const chart = Testing.chart();
    const a = new Deployment(chart, 'a', { app: { name: 'api' }, containers: [{ image: 'api:1' }] });
    const b = new Deployment(chart, 'b', { app: { name: 'api', component: 'worker' }, containers: [{ image: 'api:1' }] });
    // a selects {name: api, instance: api}: b's pods carry those labels too
    expect(a.node.validate()).toEqual([
      'spec.selector also matches the pods of test/b; give one of them a different app.name, app.instance or app.component',
    ]);
    // b's selector includes component=worker, which a's pods lack
    expect(b.node.validate()).toEqual([]);
  });

  test('alike selectors in different namespaces or stacks do not clash', () => {
    const app = Testing.app();
    const prod = new Chart(app, 'prod', { namespace: 'prod' });
    const staging = new Chart(app, 'staging', { namespace: 'staging' });
    const shared = new Chart(app, 'shared');
    const inProd = new Deployment(prod, 'web', { containers: [{ image: 'web:1' }] });
    new Deployment(staging, 'web', { containers: [{ image: 'web:1' }] });
    const x = new Deployment(shared, 'x', { app: { name: 'web' }, containers: [{ image: 'web:1' }] });
    const y = new Deployment(shared, 'y', { app: { name: 'web' }, metadata: { namespace: 'other' }, containers: [{ image: 'web:1' }] });
    expect(inProd.node.validate()).toEqual([]);
    expect(x.node.validate()).toEqual([]);
    expect(y.node.validate()).toEqual([]);
  });

  test('a selector extended with a label the pods lack fails validation with the path and field', () => {
    const chart = Testing.chart();
    const web = new Deployment(chart, 'web', { containers: [{ image: 'nginx:1.27' }] });
    web.select(kplus.LabelSelector.of({ labels: { tier: 'gold' } }));
    expect(web.node.validate()).toEqual([
      'spec.selector.matchLabels.tier does not match the pod template label (missing)',
    ]);
    web.podMetadata.addLabel('tier', 'gold');
    expect(web.node.validate()).toEqual([]);
  });

  test('a deployment without containers fails validation naming the path', () => {
    const chart = Testing.chart();
    const web = new Deployment(chart, 'web');
    expect(web.node.validate()).toEqual(['containers must have at least one container']);
  });

  test.each([
    [{ replicas: -1 }, 'test/web: replicas: must be a whole number >= 0 (got -1)'],
    [{ revisionHistoryLimit: 1.5 }, 'test/web: revisionHistoryLimit: must be a whole number >= 0 (got 1.5)'],
    [{ minReady: Duration.minutes(20) }, 'test/web: progressDeadline: must be longer than minReady (600s <= 1200s)'],
    [{ app: { name: 'Not Valid!' } }, 'test/web: app.name: must be a valid label value'],
  ])('bad rollout props are rejected at construction: %j', (props, message) => {
    const chart = Testing.chart();
    expect(() => new Deployment(chart, 'web', { ...props, containers: [{ image: 'nginx:1.27' }] })).toThrow(message);
  });
});
