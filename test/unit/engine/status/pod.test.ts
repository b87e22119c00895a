import { computeStatus, podProblem } from '../../../../engine/status';

function pod(status: object, name = 'api-7d9c-x1') {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'app' }] }, status };
}

const waiting = (reason: string, extra: object = {}, message?: string) =>
  pod({ phase: 'Pending', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason, message } }, ...extra }] });

describe('Pod status', () => {
  it('is Current when running and ready', () => {
    const r = computeStatus(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'app', ready: true, state: { running: {} } }] }));
    expect(r).toMatchObject({ status: 'Current', ready: 1, desired: 1 });
  });

  it('is InProgress when running but not ready', () => {
    expect(computeStatus(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] })).status).toBe('InProgress');
  });

  it('is Current when Succeeded and Failed when Failed', () => {
    expect(computeStatus(pod({ phase: 'Succeeded' })).status).toBe('Current');
    expect(computeStatus(pod({ phase: 'Failed', reason: 'Evicted', message: 'low on memory' }))).toMatchObject({ status: 'Failed', reason: 'Evicted' });
  });

  it('is Failed with the pod name for ImagePullBackOff', () => {
    const r = computeStatus(waiting('ImagePullBackOff', {}, 'Back-off pulling image "nope:1"'));
    expect(r.status).toBe('Failed');
    expect(r.reason).toBe('ImagePullBackOff');
    expect(r.message).toBe('pod api-7d9c-x1: ImagePullBackOff: Back-off pulling image "nope:1"');
  });

  it('is InProgress while containers are just being created', () => {
    expect(computeStatus(waiting('ContainerCreating')).status).toBe('InProgress');
  });
});

describe('podProblem', () => {
  it('finds ErrImagePull, not yet certain (the pull may be retried successfully)', () => {
    expect(podProblem(waiting('ErrImagePull', {}, 'manifest unknown'))).toMatchObject({ pod: 'api-7d9c-x1', container: 'app', reason: 'ErrImagePull', certain: false });
    expect(computeStatus(waiting('ErrImagePull')).status).toBe('InProgress');
  });

  it('finds ImagePullBackOff and InvalidImageName, certain', () => {
    expect(podProblem(waiting('ImagePullBackOff'))).toMatchObject({ reason: 'ImagePullBackOff', certain: true });
    expect(podProblem(waiting('InvalidImageName'))).toMatchObject({ reason: 'InvalidImageName', certain: true });
  });

  it('finds CrashLoopBackOff with restarts and the last exit code', () => {
    const p = podProblem(
      pod({
        phase: 'Running',
        containerStatuses: [
          { name: 'app', restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 3, reason: 'Error' } } },
        ],
      }),
    );
    expect(p).toMatchObject({ reason: 'CrashLoopBackOff', restarts: 4, exitCode: 3, certain: true });
    expect(p!.message).toBe('container app keeps crashing: restarts 4, last exit code 3 (Error)');
  });

  it('reports OOMKilled rather than the crash loop it causes', () => {
    const p = podProblem(
      pod({
        phase: 'Running',
        containerStatuses: [
          { name: 'app', restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } } },
        ],
      }),
    );
    expect(p).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
    expect(p!.message).toBe('container app ran out of memory (exit code 137, restarts: 2)');
  });

  it('finds OOMKilled in the current state', () => {
    const p = podProblem(pod({ phase: 'Running', containerStatuses: [{ name: 'app', restartCount: 0, state: { terminated: { exitCode: 137, reason: 'OOMKilled' } } }] }));
    expect(p?.reason).toBe('OOMKilled');
    expect(p!.message).toBe('container app ran out of memory (exit code 137, restarts: 0)');
  });

  it('reports OOMKilled without an exit code when the kubelet gave none', () => {
    const p = podProblem(pod({ phase: 'Running', containerStatuses: [{ name: 'app', restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { reason: 'OOMKilled' } } }] }));
    expect(p!.message).toBe('container app ran out of memory (restarts: 1)');
  });

  it('finds CreateContainerConfigError', () => {
    const p = podProblem(waiting('CreateContainerConfigError', {}, 'secret "db" not found'));
    expect(p).toMatchObject({ reason: 'CreateContainerConfigError', message: 'secret "db" not found', certain: true });
  });

  it('checks init containers first', () => {
    const p = podProblem(pod({ phase: 'Pending', initContainerStatuses: [{ name: 'init', state: { waiting: { reason: 'ImagePullBackOff' } } }], containerStatuses: [] }));
    expect(p).toMatchObject({ container: 'init', reason: 'ImagePullBackOff' });
  });

  it('finds Unschedulable with the scheduler message', () => {
    const msg = '0/1 nodes are available: 1 Insufficient nvidia.com/gpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.';
    const p = podProblem(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: msg }] }));
    expect(p).toMatchObject({ reason: 'Unschedulable', message: msg, certain: true });
  });

  it('finds nothing for a healthy pod', () => {
    expect(podProblem(pod({ phase: 'Running', containerStatuses: [{ name: 'app', ready: true, state: { running: {} } }] }))).toBeUndefined();
  });
});

describe('podProblem for scheduling that resolves by itself', () => {
  it('is not certain while claims are unbound', () => {
    const msg = '0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available';
    const p = podProblem(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: msg }] }));
    expect(p).toMatchObject({ reason: 'Unschedulable', certain: false });
  });
});
