import { Chart, Testing } from 'cdk8s';
import { NodeAgent } from '../../../../constructs/patterns';
import { find, synthStack } from './helpers';

describe('NodeAgent', () => {
  const { manifests, errors } = synthStack((s) => {
    new NodeAgent(s, 'log-agent', {
      image: 'fluent/fluent-bit:3.1.9',
      hostPaths: [{ hostPath: '/var/log' }, { hostPath: '/var/lib/docker/containers' }, { hostPath: '/var/lib/fluent-bit', writable: true }],
      metricsPort: 2020,
    });
  }, 'logging');
  const ds = find(manifests, 'DaemonSet', 'log-agent');
  const pod = ds.spec.template.spec;

  it('validates and runs on every node, tainted ones included', () => {
    expect(errors).toEqual([]);
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.nodeSelector).toBeUndefined();
  });

  it('mounts host paths read-only unless writable', () => {
    expect(pod.volumes.map((v: any) => v.hostPath.path)).toEqual(['/var/log', '/var/lib/docker/containers', '/var/lib/fluent-bit']);
    expect(pod.containers[0].volumeMounts.map((m: any) => m.readOnly)).toEqual([true, true, false]);
  });

  it('has a priority class and resource limits', () => {
    expect(pod.priorityClassName).toBe('system-node-critical');
    expect(pod.containers[0].resources.limits).toEqual({ cpu: '200m', memory: '256Mi' });
    expect(pod.containers[0].env[0]).toEqual({ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });
  });

  it('rejects a relative host path naming the field', () => {
    const chart = new Chart(Testing.app(), 'ops', { namespace: 'logging' });
    expect(() => new NodeAgent(chart, 'a', { image: 'x:1', hostPaths: [{ hostPath: 'var/log' }] })).toThrow(
      'ops/a: hostPaths[0].hostPath: "var/log" must be absolute',
    );
  });
});
