// Failure diagnosis on the real dev cluster (kwok failure markers, see dev-cluster/README.md): the
// tracker names the pod and the reason, stops waiting for a failure that is certain, and still
// lets the other objects settle.
import { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import { NdjsonReporter } from '../../engine/output/ndjson';
import { trackRollout, type ObjectRef } from '../../engine/track';
import { eventually, useCluster } from './harness';

const cluster = useCluster({ shared: true });
const ns = 'e2e-track-fail';
let kc: KubeConfig;
let api: KubernetesObjectApi;

const ref = (kind: string, name: string, apiVersion = 'apps/v1'): ObjectRef => ({ apiVersion, kind, name, namespace: ns });

function deployment(name: string, image: string, opts: { replicas?: number; podAnnotations?: Record<string, string>; pod?: object } = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      replicas: opts.replicas ?? 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, annotations: opts.podAnnotations },
        spec: { containers: [{ name: 'app', image }], ...opts.pod },
      },
    },
  };
}

/** Names of the pods of a Deployment, from the cluster. */
async function podsOf(app: string): Promise<string[]> {
  const list: any = await api.list('v1', 'Pod', ns, undefined, undefined, undefined, undefined, `app=${app}`);
  return list.items.map((p: any) => p.metadata.name);
}

beforeAll(async () => {
  kc = new KubeConfig();
  kc.loadFromFile(cluster().kubeconfig);
  api = KubernetesObjectApi.makeApiClient(kc);
  await api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
});

afterAll(async () => {
  await api?.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }).catch(() => undefined);
});

test('a failing image is reported with the pod and ImagePullBackOff, without waiting for the timeout', async () => {
  await api.create(deployment('bad-image', 'registry.example.com/app:kapstan-pull-error'));
  const events: Record<string, any>[] = [];
  const reporter = new NdjsonReporter({ emit: (e) => events.push(JSON.parse(JSON.stringify(e))) });
  const result = await trackRollout(kc, [ref('Deployment', 'bad-image')], { timeoutMs: 300_000, reporter });
  expect(result.ok).toBe(false);
  const [outcome] = result.failed;
  expect(outcome.status).toBe('Failed');
  expect(outcome.timedOut).toBe(false);
  expect(outcome.reason).toBe('ImagePullBackOff');
  expect(await podsOf('bad-image')).toContain(outcome.pod);
  expect(outcome.message).toContain(`pod ${outcome.pod}: ${outcome.reason}`);
  expect(outcome.message).toContain('kapstan-pull-error');
  // The pull error itself is in the pod's Warning events.
  expect(outcome.warnings).toContainEqual(expect.objectContaining({ object: `Pod/${outcome.pod}`, reason: 'Failed', message: expect.stringMatching(/not found/) }));
  // NDJSON: the failure is an event, and the final event carries it too.
  expect(events.some((e) => e.type === 'status' && e.status === 'Failed' && e.pod === outcome.pod)).toBe(true);
  expect(events.at(-1)).toMatchObject({ type: 'track-done', ok: false, objects: [{ kind: 'Deployment', name: 'bad-image', status: 'Failed', pod: outcome.pod }] });
});

test('fail fast stops waiting for the failed object but lets the others settle', async () => {
  await api.create(deployment('broken', 'registry.example.com/app:kapstan-pull-error'));
  // Ready only after 8 s: the failure is certain (ImagePullBackOff within ~4 s) long before.
  await api.create(deployment('healthy', 'registry.example.com/app:1', { replicas: 2, podAnnotations: { 'kapstan.dev/ready-delay': '8s' } }));
  const result = await trackRollout(kc, [ref('Deployment', 'broken'), ref('Deployment', 'healthy')]);
  expect(result.ok).toBe(false);
  expect(result.objects[0]).toMatchObject({ status: 'Failed', ok: false, timedOut: false });
  expect(result.objects[1]).toMatchObject({ status: 'Current', ok: true });
  expect(result.objects[0].durationMs).toBeLessThan(result.objects[1].durationMs);
});

test('failFast: false keeps waiting for a failing object until its timeout', async () => {
  await api.create(deployment('patient', 'registry.example.com/app:kapstan-pull-error'));
  const result = await trackRollout(kc, [{ ...ref('Deployment', 'patient'), timeoutMs: 4000 }], { failFast: false });
  expect(result.objects[0]).toMatchObject({ timedOut: true, ok: false, status: 'Failed' });
  expect(result.objects[0].message).toMatch(/^timed out after 4s: pod patient-[a-z0-9]+-[a-z0-9]+: (ErrImagePull|ImagePullBackOff)/);
});

test('CrashLoopBackOff is reported with the restarts and the last exit code', async () => {
  await api.create(deployment('crasher', 'registry.example.com/app:kapstan-crash', { podAnnotations: { 'kapstan.dev/exit-code': '3' } }));
  const result = await trackRollout(kc, [ref('Deployment', 'crasher')]);
  const [outcome] = result.failed;
  expect(outcome).toMatchObject({ status: 'Failed', reason: 'CrashLoopBackOff' });
  expect(await podsOf('crasher')).toContain(outcome.pod);
  expect(outcome.message).toMatch(/keeps crashing: restarts [1-9]\d*, last exit code 3 \(Error\)/);
  // The pod's Warning event (BackOff) is attached to the outcome.
  expect(outcome.warnings.map((w) => `${w.object} ${w.reason}`)).toContain(`Pod/${outcome.pod} BackOff`);
});

test('an unschedulable GPU pod is reported with the scheduler message', async () => {
  await api.create(
    deployment('trainer', 'registry.example.com/train:1', {
      pod: {
        containers: [{ name: 'app', image: 'registry.example.com/train:1', resources: { limits: { 'nvidia.com/gpu': '64' } } }],
        tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      },
    }),
  );
  const result = await trackRollout(kc, [ref('Deployment', 'trainer')]);
  const [outcome] = result.failed;
  expect(outcome).toMatchObject({ status: 'Failed', reason: 'Unschedulable' });
  expect(await podsOf('trainer')).toContain(outcome.pod);
  expect(outcome.message).toMatch(/nodes are available: .*Insufficient nvidia\.com\/gpu/);
});

test('a failed Job is reported with BackoffLimitExceeded and how its last pod ended', async () => {
  await api.create({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'migrate', namespace: ns },
    spec: {
      backoffLimit: 1,
      template: {
        metadata: { annotations: { 'kapstan.dev/exit-code': '2' } },
        spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: 'registry.example.com/migrate:kapstan-crash' }] },
      },
    },
  });
  const result = await trackRollout(kc, [ref('Job', 'migrate', 'batch/v1')], { failFast: false });
  const [outcome] = result.failed;
  expect(outcome).toMatchObject({ status: 'Failed', reason: 'BackoffLimitExceeded', timedOut: false });
  expect(outcome.message).toMatch(/^BackoffLimitExceeded: .*; pod migrate-[a-z0-9]+: exit code 2 \(Error\)$/);
});

test('a Job past its activeDeadlineSeconds is reported with DeadlineExceeded', async () => {
  await api.create({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'slowpoke', namespace: ns },
    spec: {
      activeDeadlineSeconds: 2,
      template: {
        metadata: { annotations: { 'kapstan.dev/run-duration': '600s' } },
        spec: { restartPolicy: 'Never', containers: [{ name: 'run', image: 'registry.example.com/task:1' }] },
      },
    },
  });
  const result = await trackRollout(kc, [ref('Job', 'slowpoke', 'batch/v1')]);
  expect(result.failed[0]).toMatchObject({ status: 'Failed', reason: 'DeadlineExceeded', timedOut: false });
  expect(result.failed[0].message).toMatch(/^DeadlineExceeded: /);
});

test('pods refused by a ResourceQuota show the ReplicaSet warning while the rollout waits', async () => {
  const quotaNs = `${ns}-quota`;
  await api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: quotaNs } });
  try {
    await api.create({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'tiny', namespace: quotaNs }, spec: { hard: { pods: '1' } } });
    // Until the quota controller has computed usage, pods are refused for another reason.
    await eventually('the quota has a status', async () => {
      const quota: any = await api.read({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'tiny', namespace: quotaNs } });
      return quota.status?.hard?.pods === '1';
    });
    await api.create({ ...deployment('crowded', 'registry.example.com/app:1', { replicas: 3 }), metadata: { name: 'crowded', namespace: quotaNs } });
    const result = await trackRollout(kc, [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'crowded', namespace: quotaNs, timeoutMs: 8000 }]);
    const [outcome] = result.failed;
    expect(outcome).toMatchObject({ status: 'InProgress', timedOut: true });
    expect(outcome.message).toMatch(/exceeded quota: tiny/);
    expect(outcome.warnings.some((w) => w.object.startsWith('ReplicaSet/crowded-') && w.reason === 'FailedCreate')).toBe(true);
  } finally {
    await api.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: quotaNs } }).catch(() => undefined);
  }
});
