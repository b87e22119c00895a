// TrainingJob on the dev cluster: every worker lands on a GPU node (selector + toleration of the
// GPU taint) and the Indexed Job completes; without the toleration no worker can be placed.
import { Namespace, TrainingJob } from '../../constructs';
import { eventually, useCluster } from './harness';
import { applyStack, synthStack } from './patterns-synth';

// A cluster of its own: on the shared one, other files' GPU pods can hold the GPUs this Job needs.
const cluster = useCluster({ nodes: 1, gpuNodes: 2 });
const ns = 'e2e-training';
// The dev cluster's GPU nodes carry this label (and the nvidia.com/gpu=present:NoSchedule taint).
const gpuNodes = { 'kapstan.dev/gpu': 'true' };

describe('TrainingJob on the dev cluster', () => {
  it('runs every worker on a GPU node and completes', async () => {
    const c = cluster();
    const dir = synthStack('training', { namespace: ns }, (stack) => {
      new Namespace(stack, 'Namespace', { metadata: { name: ns } });
      new TrainingJob(stack, 'mnist', { image: 'ghcr.io/acme/trainer:1.0.0', workers: 2, gpusPerWorker: 1, cpu: '1', memory: '1Gi', gpuNodeSelector: gpuNodes });
    });
    const r = await applyStack(dir, c.kubeconfig);
    // On failure, show why (the summary's errors and stderr) next to the exit code.
    expect({ code: r.code, errors: r.code === 0 ? [] : [...(r.summary?.errors ?? []), r.stderr] }).toEqual({ code: 0, errors: [] });
    expect(r.summary.objects.find((o: any) => o.kind === 'Job').status).toBe('Current');

    const job = await c.kubectlJson(['-n', ns, 'get', 'job', 'mnist']);
    expect(job.status.succeeded).toBe(2);
    expect(job.status.conditions.find((x: any) => x.type === 'Complete').status).toBe('True');
    const pods = await c.kubectlJson(['-n', ns, 'get', 'pods', '-l', 'app.kubernetes.io/instance=mnist']);
    expect(pods.items.length).toBeGreaterThanOrEqual(2);
    const gpuNodeNames = new Set((await c.kubectlJson(['get', 'nodes', '-l', 'kapstan.dev/gpu=true'])).items.map((n: any) => n.metadata.name));
    expect(gpuNodeNames.size).toBeGreaterThan(0);
    for (const p of pods.items) expect(gpuNodeNames.has(p.spec.nodeName)).toBe(true);
    // Ranks come from the completion index: one pod per index.
    expect(pods.items.map((p: any) => p.metadata.annotations['batch.kubernetes.io/job-completion-index']).sort()).toEqual(['0', '1']);
  });

  it('without the GPU toleration the workers stay unschedulable', async () => {
    const c = cluster();
    const dir = synthStack('training-no-tol', { namespace: ns }, (stack) => {
      new TrainingJob(stack, 'untolerated', { image: 'ghcr.io/acme/trainer:1.0.0', workers: 1, cpu: '1', memory: '1Gi', gpuNodeSelector: gpuNodes, tolerations: [] });
    });
    const r = await applyStack(dir, c.kubeconfig, ['--timeout', '20s']);
    expect(r.code).not.toBe(0);
    const pod = await eventually('the worker pod is reported Unschedulable', async () => {
      const pods = await c.kubectlJson(['-n', ns, 'get', 'pods', '-l', 'app.kubernetes.io/instance=untolerated']);
      return pods.items.find((p: any) => p.status.conditions?.some((x: any) => x.type === 'PodScheduled' && x.reason === 'Unschedulable'));
    });
    expect(pod.spec.nodeName).toBeUndefined();
  });
});
