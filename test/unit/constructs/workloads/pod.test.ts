import { Testing } from 'cdk8s';
import { Pod } from '../../../../constructs/workloads';
import { onlyObject } from './synth-helpers';

describe('Pod', () => {
  test('a bare pod carries the recommended labels, secure containers and scheduling props', () => {
    const chart = Testing.chart();
    new Pod(chart, 'debug', {
      app: { name: 'toolbox', component: 'debug' },
      containers: [{ image: 'busybox:1.36', command: ['sleep', '3600'], env: { MODE: 'debug' } }],
      nodeSelector: { 'kubernetes.io/arch': 'arm64' },
    });
    const pod = onlyObject(chart, 'Pod');
    expect(pod.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'toolbox',
      'app.kubernetes.io/component': 'debug',
      'app.kubernetes.io/managed-by': 'kapstan',
    });
    expect(pod.spec.nodeSelector).toEqual({ 'kubernetes.io/arch': 'arm64' });
    expect(pod.spec.containers[0]).toMatchObject({ env: [{ name: 'MODE', value: 'debug' }], securityContext: { runAsNonRoot: true, capabilities: { drop: ['ALL'] } } });
  });

  test('a pod without containers fails validation', () => {
    const chart = Testing.chart();
    const pod = new Pod(chart, 'empty');
    expect(pod.node.validate()).toEqual(['containers must have at least one container']);
  });
});
