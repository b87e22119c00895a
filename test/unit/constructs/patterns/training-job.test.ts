import { Chart, Testing } from 'cdk8s';
import { TrainingJob } from '../../../../constructs/patterns';
import { find, synthStack } from './helpers';

describe('TrainingJob', () => {
  const { manifests, errors } = synthStack((s) => {
    new TrainingJob(s, 'resnet', { image: 'ghcr.io/acme/train:2.4.0', workers: 4, gpusPerWorker: 2, command: ['torchrun', 'train.py'] });
  }, 'ml');
  const job = find(manifests, 'Job', 'resnet');
  const pod = job.spec.template.spec;

  it('is an Indexed Job of N workers with a headless Service for discovery', () => {
    expect(errors).toEqual([]);
    expect(job.spec).toMatchObject({ completionMode: 'Indexed', completions: 4, parallelism: 4, backoffLimitPerIndex: 2 });
    const svc = find(manifests, 'Service', 'resnet-workers');
    expect(svc.spec.clusterIP).toBe('None');
    expect(pod.subdomain).toBe('resnet-workers');
    expect(job.spec.template.metadata.labels).toMatchObject(svc.spec.selector);
  });

  it('requests GPUs and lands only on GPU nodes, tolerating their taint', () => {
    const res = pod.containers[0].resources;
    expect(res.limits['nvidia.com/gpu']).toBe(2);
    expect(res.requests['nvidia.com/gpu']).toBe(2);
    expect(pod.nodeSelector).toEqual({ 'nvidia.com/gpu.present': 'true' });
    expect(pod.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  it('derives rank and world size from the completion index', () => {
    const env = Object.fromEntries(pod.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom.fieldRef.fieldPath]));
    expect(env).toMatchObject({
      RANK: "metadata.annotations['batch.kubernetes.io/job-completion-index']",
      WORLD_SIZE: '4',
      MASTER_ADDR: 'resnet-0.resnet-workers',
      MASTER_PORT: '29500',
    });
  });

  it('rejects bad worker counts naming the path and field', () => {
    const chart = new Chart(Testing.app(), 'ml', { namespace: 'ml' });
    expect(() => new TrainingJob(chart, 't', { image: 'x:1', workers: 0 })).toThrow('ml/t: workers: must be an integer >= 1, got 0');
    expect(() => new TrainingJob(chart, 'u', { image: 'x:1', gpusPerWorker: -1 })).toThrow('ml/u: gpusPerWorker: must be an integer >= 0, got -1');
  });
});
