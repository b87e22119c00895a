// Rollout tracking on the real dev cluster: healthy workloads reach Current through the watch-based
// tracker, claims bind, per-object timeouts apply, and the one-shot status agrees.
import { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import { PlainReporter } from '../../engine/output/plain';
import { currentStatus, trackRollout, type ObjectRef, type TrackEvent } from '../../engine/track';
import { ClusterReader } from '../../engine/track/cluster';
import { ListWatch } from '../../engine/track/list-watch';
import { eventMatters } from '../../engine/track/reduce';
import { useCluster } from './harness';

const cluster = useCluster({ shared: true });
const ns = 'e2e-track-ok';
let kc: KubeConfig;
let api: KubernetesObjectApi;

const ref = (kind: string, name: string, apiVersion = 'apps/v1'): ObjectRef => ({ apiVersion, kind, name, namespace: ns });
const labels = (app: string) => ({ app });

function deployment(name: string, opts: { replicas?: number; annotations?: Record<string, string>; podAnnotations?: Record<string, string> } = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, annotations: opts.annotations },
    spec: {
      replicas: opts.replicas ?? 3,
      selector: { matchLabels: labels(name) },
      template: { metadata: { labels: labels(name), annotations: opts.podAnnotations }, spec: { containers: [{ name: 'app', image: 'registry.example.com/web:1' }] } },
    },
  };
}

async function create(obj: any) {
  await api.create(obj);
}

beforeAll(async () => {
  kc = new KubeConfig();
  kc.loadFromFile(cluster().kubeconfig);
  api = KubernetesObjectApi.makeApiClient(kc);
  await create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
});

afterAll(async () => {
  await api?.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }).catch(() => undefined);
});

test('a healthy Deployment (with a Service and a ConfigMap) reaches Current, reported step by step', async () => {
  // Pods stay not-Ready for 2 s so the tracker certainly sees the rollout in progress first.
  await create(deployment('web', { podAnnotations: { 'kapstan.dev/ready-delay': '2s' } }));
  await create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: ns }, spec: { selector: labels('web'), ports: [{ port: 80 }] } });
  await create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: ns }, data: { a: '1' } });
  const events: TrackEvent[] = [];
  const lines: string[] = [];
  const plain = new PlainReporter({ write: (t) => lines.push(t) });
  const result = await trackRollout(kc, [ref('Deployment', 'web'), ref('Service', 'web', 'v1'), ref('ConfigMap', 'settings', 'v1')], {
    reporter: { onEvent: (e) => (events.push(e), plain.onEvent(e)) },
  });
  expect(result.failed).toEqual([]);
  expect(result.ok).toBe(true);
  expect(result.objects.map((o) => [o.id, o.status])).toEqual([
    [`Deployment ${ns}/web`, 'Current'],
    [`Service ${ns}/web`, 'Current'],
    [`ConfigMap ${ns}/settings`, 'Current'],
  ]);
  const deploymentUpdates = events.flatMap((e) => (e.type === 'update' && e.object.ref.kind === 'Deployment' ? [e.object] : []));
  expect(deploymentUpdates.some((o) => o.status === 'InProgress')).toBe(true);
  expect(deploymentUpdates.at(-1)).toMatchObject({ status: 'Current', ready: 3, desired: 3, done: true });
  // The live cluster agrees: every replica is available.
  const live: any = await api.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: ns } });
  expect(live.status.availableReplicas).toBe(3);
  expect(lines.join('')).toMatch(new RegExp(`Deployment ${ns}/web  Current  3/3`));
  expect(lines.at(-1)).toMatch(/all 3 objects ready/);
});

test('a StatefulSet with volume claims reaches Current and its claims are Current', async () => {
  await create({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: ns },
    spec: {
      replicas: 2,
      serviceName: 'db',
      selector: { matchLabels: labels('db') },
      template: { metadata: { labels: labels('db') }, spec: { containers: [{ name: 'db', image: 'registry.example.com/db:1', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  });
  const result = await trackRollout(kc, [ref('StatefulSet', 'db')]);
  expect(result.failed).toEqual([]);
  expect(result.objects[0]).toMatchObject({ status: 'Current', ok: true });
  const claims = await trackRollout(kc, [ref('PersistentVolumeClaim', 'data-db-0', 'v1'), ref('PersistentVolumeClaim', 'data-db-1', 'v1')]);
  expect(claims.objects.map((o) => o.status)).toEqual(['Current', 'Current']);
  const pvc: any = await api.read({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data-db-1', namespace: ns } });
  expect(pvc.status.phase).toBe('Bound');
});

test('a Job that completes is Current', async () => {
  await create({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'once', namespace: ns },
    spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'run', image: 'registry.example.com/task:1' }] } } },
  });
  const result = await trackRollout(kc, [ref('Job', 'once', 'batch/v1')]);
  expect(result.objects[0]).toMatchObject({ status: 'Current', ok: true });
  expect(result.objects[0].message).toMatch(/completed/);
});

test('the kapstan.io/timeout annotation bounds the wait for that object only', async () => {
  await create(deployment('slow', { replicas: 1, annotations: { 'kapstan.io/timeout': '2s' }, podAnnotations: { 'kapstan.dev/ready-delay': '120s' } }));
  await create(deployment('quick', { replicas: 1 }));
  const result = await trackRollout(kc, [ref('Deployment', 'slow'), ref('Deployment', 'quick')], { timeoutMs: 120_000 });
  expect(result.ok).toBe(false);
  const [slow, quick] = result.objects;
  expect(slow).toMatchObject({ timedOut: true, ok: false, status: 'InProgress', reason: 'Timeout' });
  expect(slow.message).toMatch(/^timed out after 2s: /);
  expect(quick).toMatchObject({ timedOut: false, ok: true, status: 'Current' });
});

test('currentStatus reports without waiting, NotFound for a missing object', async () => {
  const states = await currentStatus(kc, [ref('Deployment', 'web'), ref('Deployment', 'missing'), { apiVersion: 'v1', kind: 'Namespace', name: ns }]);
  expect(states.map((s) => [s.id, s.status])).toEqual([
    [`Deployment ${ns}/web`, 'Current'],
    [`Deployment ${ns}/missing`, 'NotFound'],
    [`Namespace ${ns}`, 'Current'],
  ]);
});

test('waitFor deleted resolves once the object is gone', async () => {
  await api.delete({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: ns } });
  const result = await trackRollout(kc, [ref('ConfigMap', 'settings', 'v1')], { waitFor: 'deleted' });
  expect(result.objects[0]).toMatchObject({ status: 'NotFound', ok: true });
});

test('an Ingress waits for an address only when its IngressClass exists; kapstan.io/wait=false skips waiting', async () => {
  const ingress = (name: string, className: string, annotations?: Record<string, string>) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: ns, annotations },
    spec: { ingressClassName: className, rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
  });
  const cls = 'e2e-track-class';
  await create({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: cls }, spec: { controller: 'example.com/none' } });
  try {
    await create(ingress('orphan', 'no-such-class'));
    await create(ingress('served', cls));
    await create(ingress('unwatched', cls, { 'kapstan.io/wait': 'false' }));
    const ing = (name: string): ObjectRef => ({ ...ref('Ingress', name, 'networking.k8s.io/v1'), timeoutMs: 3000 });
    const result = await trackRollout(kc, [ing('orphan'), ing('served'), ing('unwatched')]);
    const [orphan, served, unwatched] = result.objects;
    expect(orphan).toMatchObject({ status: 'Current', ok: true, message: 'no IngressClass "no-such-class" in the cluster: no address will be published' });
    expect(served).toMatchObject({ status: 'InProgress', ok: false, timedOut: true });
    expect(served.message).toMatch(/waiting for the ingress controller to publish an address/);
    expect(unwatched).toMatchObject({ status: 'Current', ok: true });
    expect(unwatched.message).toMatch(/not waited for/);
  } finally {
    await api.delete({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: cls } }).catch(() => undefined);
  }
});

test('DaemonSet, CronJob, PodDisruptionBudget, HorizontalPodAutoscaler, CRD and a custom resource reach Current', async () => {
  await create({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: ns },
    spec: { selector: { matchLabels: labels('agent') }, template: { metadata: { labels: labels('agent') }, spec: { containers: [{ name: 'a', image: 'registry.example.com/agent:1' }] } } },
  });
  await create({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly', namespace: ns },
    spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'n', image: 'registry.example.com/n:1' }] } } } } },
  });
  await create({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: ns }, spec: { minAvailable: 1, selector: { matchLabels: labels('web') } } });
  await create({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: ns },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 3, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] },
  });
  const group = 'tracking.e2e.kapstan.io';
  // The custom resource is tracked before its CRD exists: discovery answers 404 for the group
  // until the CRD is served, and the tracker keeps waiting instead of failing.
  const widget = trackRollout(kc, [ref('Widget', 'w1', `${group}/v1`)]);
  await new Promise((r) => setTimeout(r, 500)); // let the tracker ask discovery first
  await create({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `widgets.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  });
  try {
    const crd = await trackRollout(kc, [{ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: `widgets.${group}` }]);
    expect(crd.objects[0]).toMatchObject({ status: 'Current', message: 'established' });
    // Established comes a moment before discovery serves the new group-version, and client-node's
    // create looks the kind up through discovery: retry while it answers 404.
    for (let attempt = 0; ; attempt++) {
      try {
        await create({ apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'w1', namespace: ns }, spec: { size: 1 } });
        break;
      } catch (err) {
        if (attempt >= 50 || !/404/.test(String((err as Error).message))) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    expect((await widget).objects[0]).toMatchObject({ status: 'Current', ok: true });

    const result = await trackRollout(kc, [
      ref('DaemonSet', 'agent'),
      ref('CronJob', 'nightly', 'batch/v1'),
      ref('PodDisruptionBudget', 'web', 'policy/v1'),
      ref('HorizontalPodAutoscaler', 'web', 'autoscaling/v2'),
    ]);
    expect(result.failed).toEqual([]);
    const [ds, cron, pdb, hpa] = result.objects;
    // Three untainted nodes run the daemon; the tainted GPU node does not.
    const live: any = await api.read({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: ns } });
    expect(ds).toMatchObject({ status: 'Current', message: `${live.status.desiredNumberScheduled} of ${live.status.desiredNumberScheduled} pods available` });
    expect(live.status.desiredNumberScheduled).toBeGreaterThan(0);
    expect(cron.message).toMatch(/^schedule "0 3 \* \* \*"/);
    expect(pdb.status).toBe('Current');
    expect(hpa.status).toBe('Current');
  } finally {
    await api.delete({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `widgets.${group}` } }).catch(() => undefined);
  }
});

test('aborting the signal ends tracking at once, unfinished objects reported as aborted', async () => {
  await create(deployment('held', { replicas: 1, podAnnotations: { 'kapstan.dev/ready-delay': '120s' } }));
  const controller = new AbortController();
  const result = await trackRollout(kc, [ref('Deployment', 'held'), ref('Deployment', 'web')], {
    signal: controller.signal,
    // Abort once the other object is done, while the held rollout is still in progress.
    reporter: { onEvent: (e) => e.type === 'update' && e.object.ref.name === 'web' && e.object.done && controller.abort() },
  });
  expect(result).toMatchObject({ ok: false, aborted: true });
  expect(result.objects[0]).toMatchObject({ ok: false, status: 'InProgress', reason: 'Aborted', timedOut: false });
  expect(result.objects[0].message).toMatch(/^aborted: /);
  expect(result.objects[1]).toMatchObject({ ok: true, status: 'Current' });
});

test('the watches keep reduced copies (no managedFields, pod template or Secret data) and, of the events, only those a rule reads', async () => {
  await create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'reduced', namespace: ns }, stringData: { password: 'hunter2' } });
  await create(deployment('reduced', { replicas: 1 }));
  expect((await trackRollout(kc, [ref('Deployment', 'reduced')])).ok).toBe(true);
  const reader = new ClusterReader(kc);
  const path = (kind: string) => (kind === 'deployments' ? `/apis/apps/v1/namespaces/${ns}/deployments` : `/api/v1/namespaces/${ns}/${kind}`);
  // What the API server sends has all of it (the deployment controller's and the scheduler's Normal events may lag a moment).
  let rawEvents = await reader.list(path('events'));
  while (!rawEvents.items.some((e) => e.type === 'Normal' && e.reason === 'ScalingReplicaSet')) {
    await new Promise((r) => setTimeout(r, 200));
    rawEvents = await reader.list(path('events'));
  }
  const rawDeployment = (await reader.list(path('deployments'))).items.find((d) => d.metadata?.name === 'reduced');
  expect(rawDeployment?.metadata).toHaveProperty('managedFields');
  expect(rawDeployment?.spec?.template).toBeDefined();

  const watch = (kind: string, keep?: (o: any) => boolean) => new ListWatch(reader, { path: path(kind), keep, onChange: () => undefined });
  const [secrets, deployments, events] = [watch('secrets'), watch('deployments'), watch('events', eventMatters)];
  await Promise.all([secrets.listOnce(), deployments.listOnce(), events.listOnce()]);
  const secret = secrets.get(ns, 'reduced');
  expect(secret?.metadata?.name).toBe('reduced');
  expect(secret).not.toHaveProperty('data');
  expect(JSON.stringify(secrets.values())).not.toContain(Buffer.from('hunter2').toString('base64'));
  const d = deployments.get(ns, 'reduced');
  expect(d?.metadata).not.toHaveProperty('managedFields');
  expect(d?.spec).not.toHaveProperty('template');
  expect(d?.spec?.replicas).toBe(1);
  expect(d?.status?.availableReplicas).toBe(1);
  expect(events.values().filter((e) => e.type === 'Normal')).toEqual([]);

  // Objects that arrive through the watch are kept reduced as well.
  let seen!: () => void;
  const arrived = new Promise<void>((r) => (seen = r));
  const watched = new ListWatch(reader, { path: path('secrets'), onChange: () => watched.get(ns, 'later') && seen() });
  await watched.start(true);
  try {
    await create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'later', namespace: ns }, stringData: { token: 'abc' } });
    await arrived;
    expect(watched.get(ns, 'later')).not.toHaveProperty('data');
    expect(watched.get(ns, 'later')?.metadata).not.toHaveProperty('managedFields');
    expect(watched.get(ns, 'later')?.metadata?.name).toBe('later');
  } finally {
    watched.stop();
  }
});
