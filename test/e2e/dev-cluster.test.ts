// Smoke tests of the local dev cluster: real apiserver/controllers/scheduler, kwok nodes, using
// the built kubectl.
import { eventually, useCluster } from './harness';

const cluster = useCluster({ nodes: 3, gpuNodes: 1, gpusPerNode: 2 });

const ns = 'smoke';
const labels = (app: string) => ({ app });
const container = (image: string, extra: object = {}) => ({ name: 'main', image, ...extra });

beforeAll(async () => {
  await cluster().kubectl(['create', 'namespace', ns]);
});

async function pods(selector: string): Promise<any[]> {
  return (await cluster().kubectlJson(['get', 'pods', '-n', ns, '-l', selector])).items;
}

test('nodes are Ready, spread over zones, and the GPU node has capacity and a taint', async () => {
  const nodes = (await cluster().kubectlJson(['get', 'nodes'])).items;
  expect(nodes.map((n: any) => n.metadata.name).sort()).toEqual(['gpu-node-1', 'node-1', 'node-2', 'node-3']);
  for (const n of nodes) {
    expect(n.status.conditions.find((c: any) => c.type === 'Ready').status).toBe('True');
    expect(n.metadata.labels['topology.kubernetes.io/region']).toBe('local');
  }
  const zones = new Set(nodes.filter((n: any) => !n.metadata.name.startsWith('gpu')).map((n: any) => n.metadata.labels['topology.kubernetes.io/zone']));
  expect([...zones].sort()).toEqual(['local-a', 'local-b', 'local-c']);
  const gpu = nodes.find((n: any) => n.metadata.name === 'gpu-node-1');
  expect(gpu.status.allocatable['nvidia.com/gpu']).toBe('2');
  expect(gpu.spec.taints).toEqual([{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }]);
  expect(gpu.metadata.labels['nvidia.com/gpu.present']).toBe('true');
  expect(nodes.filter((n: any) => n.metadata.labels['nvidia.com/gpu.present']).map((n: any) => n.metadata.name)).toEqual(['gpu-node-1']);
  const sc = await cluster().kubectlJson(['get', 'storageclass', 'standard']);
  expect(sc.metadata.annotations['storageclass.kubernetes.io/is-default-class']).toBe('true');
});

test('a 3-replica Deployment reaches 3 available replicas, none on the GPU node', async () => {
  await cluster().apply({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: ns },
    spec: { replicas: 3, selector: { matchLabels: labels('web') }, template: { metadata: { labels: labels('web') }, spec: { containers: [container('nginx:1.27')] } } },
  });
  const d = await eventually('deployment web has 3 available replicas', async () => {
    const d = await cluster().kubectlJson(['get', 'deployment', 'web', '-n', ns]);
    return d.status.availableReplicas === 3 ? d : undefined;
  });
  expect(d.status.readyReplicas).toBe(3);
  const ps = await pods('app=web');
  expect(ps).toHaveLength(3);
  for (const p of ps) {
    expect(p.spec.nodeName).toMatch(/^node-\d$/);
    expect(p.status.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
  }
  expect(new Set(ps.map((p: any) => p.status.podIP)).size).toBe(3);
});

test('a StatefulSet with claim templates gets bound claims and ready pods, in order', async () => {
  await cluster().apply({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: ns },
    spec: {
      replicas: 2,
      serviceName: 'db',
      selector: { matchLabels: labels('db') },
      template: { metadata: { labels: labels('db') }, spec: { containers: [container('postgres:17', { volumeMounts: [{ name: 'data', mountPath: '/data' }] })] } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  });
  await eventually('statefulset db has 2 ready replicas', async () => (await cluster().kubectlJson(['get', 'statefulset', 'db', '-n', ns])).status.readyReplicas === 2);
  const claims = (await cluster().kubectlJson(['get', 'pvc', '-n', ns])).items;
  expect(claims.map((c: any) => [c.metadata.name, c.status.phase, c.spec.storageClassName]).sort()).toEqual([
    ['data-db-0', 'Bound', 'standard'],
    ['data-db-1', 'Bound', 'standard'],
  ]);
  // The volume is pinned to the node the pod was scheduled to (WaitForFirstConsumer).
  const pod0 = await cluster().kubectlJson(['get', 'pod', 'db-0', '-n', ns]);
  const volume = claims.find((c: any) => c.metadata.name === 'data-db-0').spec.volumeName;
  const pv = await cluster().kubectlJson(['get', 'pv', volume]);
  expect(pv.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values).toEqual([pod0.spec.nodeName]);
  expect(pv.spec.hostPath.path).toContain(volume);
  // OrderedReady: db-1 was created only after db-0 became Ready.
  const pod1 = await cluster().kubectlJson(['get', 'pod', 'db-1', '-n', ns]);
  const ready0 = Date.parse(pod0.status.conditions.find((c: any) => c.type === 'Ready').lastTransitionTime);
  expect(Date.parse(pod1.metadata.creationTimestamp)).toBeGreaterThanOrEqual(ready0);
});

test('a Job completes', async () => {
  await cluster().apply({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'migrate', namespace: ns },
    spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [container('busybox:1.37')] } } },
  });
  const job = await eventually('job migrate finishes', async () => {
    const j = await cluster().kubectlJson(['get', 'job', 'migrate', '-n', ns]);
    return j.status.conditions?.some((c: any) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') ? j : undefined;
  });
  expect(job.status.conditions.find((c: any) => c.status === 'True' && (c.type === 'Complete' || c.type === 'Failed')).type).toBe('Complete');
  expect(job.status.succeeded).toBe(1);
  const [pod] = await pods('job-name=migrate');
  expect(pod.status.phase).toBe('Succeeded');
  expect(pod.status.containerStatuses[0].state.terminated.exitCode).toBe(0);
});

test('a Job whose image carries the crash marker fails', async () => {
  await cluster().apply({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'broken', namespace: ns },
    spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [container('busybox:kapstan-crash')] } } },
  });
  const job = await eventually('job broken finishes', async () => {
    const j = await cluster().kubectlJson(['get', 'job', 'broken', '-n', ns]);
    return j.status.conditions?.some((c: any) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') ? j : undefined;
  });
  const failed = job.status.conditions.find((c: any) => c.type === 'Failed');
  expect(failed?.status).toBe('True');
  expect(failed.reason).toBe('BackoffLimitExceeded');
  expect(job.status.failed).toBe(1);
});

test('a DaemonSet has one ready pod per node', async () => {
  await cluster().apply({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: ns },
    spec: {
      selector: { matchLabels: labels('agent') },
      template: { metadata: { labels: labels('agent') }, spec: { tolerations: [{ operator: 'Exists' }], containers: [container('fluent-bit:3')] } },
    },
  });
  const nodes = (await cluster().kubectlJson(['get', 'nodes'])).items.map((n: any) => n.metadata.name).sort();
  await eventually('daemonset agent is ready on every node', async () => {
    const ds = await cluster().kubectlJson(['get', 'daemonset', 'agent', '-n', ns]);
    return ds.status.desiredNumberScheduled === nodes.length && ds.status.numberReady === nodes.length;
  });
  const ps = await pods('app=agent');
  expect(ps.map((p: any) => p.spec.nodeName).sort()).toEqual(nodes);
});

test('the pull-error image marker gives ErrImagePull, then ImagePullBackOff', async () => {
  await cluster().apply({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'nopull', namespace: ns, labels: labels('nopull') },
    spec: { containers: [container('registry.example/app:kapstan-pull-error')] },
  });
  const seen = new Set<string>();
  await eventually('both pull failure reasons are seen', async () => {
    const p = await cluster().kubectlJson(['get', 'pod', 'nopull', '-n', ns]);
    const reason = p.status.containerStatuses?.[0]?.state?.waiting?.reason;
    if (reason) seen.add(reason);
    expect(p.status.phase).toBe('Pending');
    return seen.has('ErrImagePull') && seen.has('ImagePullBackOff');
  });
  const p = await cluster().kubectlJson(['get', 'pod', 'nopull', '-n', ns]);
  expect(p.status.containerStatuses[0].ready).toBe(false);
});

test('the crash image marker gives CrashLoopBackOff with a growing restart count and the exit code', async () => {
  await cluster().apply({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'crasher', namespace: ns, annotations: { 'kapstan.dev/exit-code': '3' } },
    spec: { containers: [container('app:kapstan-crash')] },
  });
  const status = await eventually('crasher restarted at least twice', async () => {
    const cs = (await cluster().kubectlJson(['get', 'pod', 'crasher', '-n', ns])).status.containerStatuses?.[0];
    return cs?.restartCount >= 2 ? cs : undefined;
  });
  expect(status.state.waiting.reason).toBe('CrashLoopBackOff');
  expect(status.lastState.terminated.exitCode).toBe(3);
  expect(status.ready).toBe(false);
});

test('the OOM image marker: a crash loop killed for memory (exit code 137), or a failed pod without restarts', async () => {
  await cluster().apply({
    apiVersion: 'v1',
    kind: 'Pod',
    // The exit-code annotation is for the crash marker: an OOM kill is always SIGKILL (137).
    metadata: { name: 'hungry', namespace: ns, annotations: { 'kapstan.dev/exit-code': '3' } },
    spec: { containers: [container('app:kapstan-oom'), { name: 'sidecar', image: 'proxy:1' }] },
  });
  await cluster().apply({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'hungry-once', namespace: ns },
    spec: { restartPolicy: 'Never', containers: [container('app:kapstan-oom')] },
  });
  const pod = await eventually('hungry restarted at least twice', async () => {
    const p = await cluster().kubectlJson(['get', 'pod', 'hungry', '-n', ns]);
    return p.status.containerStatuses?.[0]?.restartCount >= 2 ? p : undefined;
  });
  expect(pod.status.phase).toBe('Running');
  const [main, sidecar] = pod.status.containerStatuses;
  expect(main.state.waiting.reason).toBe('CrashLoopBackOff');
  expect(main.lastState.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
  expect(main.ready).toBe(false);
  expect(sidecar).toMatchObject({ name: 'sidecar', ready: true, restartCount: 0 });
  expect(sidecar.state.running).toBeDefined();

  const once = await eventually('hungry-once fails', async () => {
    const p = await cluster().kubectlJson(['get', 'pod', 'hungry-once', '-n', ns]);
    return p.status.phase === 'Failed' ? p : undefined;
  });
  expect(once.status.containerStatuses[0].state.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
  expect(once.status.containerStatuses[0].restartCount).toBe(0);
});

test('the config-error image marker: Pending with CreateContainerConfigError naming the first required reference', async () => {
  const env = [
    { name: 'MODE', value: 'prod' },
    // Optional references are skipped, as the kubelet does when they are missing.
    { name: 'FLAGS', valueFrom: { configMapKeyRef: { name: 'feature-flags', key: 'flags', optional: true } } },
    { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } },
    { name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'logging', key: 'level' } } },
  ];
  await cluster().apply({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'misconfigured', namespace: ns },
    spec: { containers: [container('app:kapstan-config-error', { env }), { name: 'sidecar', image: 'proxy:1' }] },
  });
  await cluster().apply({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'misconfigured-from', namespace: ns },
    spec: { containers: [container('app:kapstan-config-error', { env, envFrom: [{ configMapRef: { name: 'app-settings' } }] })] },
  });
  await cluster().apply({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'misconfigured-plain', namespace: ns },
    spec: { containers: [container('app:kapstan-config-error')] },
  });
  const waitingOf = (name: string) =>
    eventually(`${name} reports CreateContainerConfigError`, async () => {
      const p = await cluster().kubectlJson(['get', 'pod', name, '-n', ns]);
      const w = p.status.containerStatuses?.[0]?.state?.waiting;
      return w?.reason === 'CreateContainerConfigError' ? p : undefined;
    });
  const pod = await waitingOf('misconfigured');
  expect(pod.status.phase).toBe('Pending');
  const [main, sidecar] = pod.status.containerStatuses;
  expect(main.state.waiting.message).toBe('secret "db-credentials" not found');
  expect(main).toMatchObject({ ready: false, restartCount: 0, started: false });
  expect(sidecar.state.running).toBeDefined();
  // envFrom is resolved before env.
  expect((await waitingOf('misconfigured-from')).status.containerStatuses[0].state.waiting.message).toBe('configmap "app-settings" not found');
  expect((await waitingOf('misconfigured-plain')).status.containerStatuses[0].state.waiting.message).toBe('configmap "kapstan-config-error" not found');
  const failed = await eventually('a Warning Failed event for misconfigured', async () => {
    const events = (await cluster().kubectlJson(['get', 'events', '-n', ns, '--field-selector', 'involvedObject.name=misconfigured'])).items;
    return events.find((e: any) => e.type === 'Warning' && e.reason === 'Failed');
  });
  expect(failed.message).toMatch(/^Error: /);
});

test('the ready-delay annotation keeps a running pod unready for a while', async () => {
  await cluster().apply({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'slow', namespace: ns, annotations: { 'kapstan.dev/ready-delay': '8s' } },
    spec: { containers: [container('app:1')] },
  });
  const running = await eventually('slow is Running', async () => {
    const p = await cluster().kubectlJson(['get', 'pod', 'slow', '-n', ns]);
    return p.status.phase === 'Running' ? p : undefined;
  });
  expect(running.status.conditions.find((c: any) => c.type === 'Ready').status).toBe('False');
  await eventually('slow becomes Ready', async () =>
    (await cluster().kubectlJson(['get', 'pod', 'slow', '-n', ns])).status.conditions.some((c: any) => c.type === 'Ready' && c.status === 'True'));
});

test('a GPU pod lands on the GPU node; asking for more GPUs than exist stays Unschedulable', async () => {
  const gpuPod = (name: string, gpus: number) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns },
    spec: {
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      containers: [container('cuda:12', { resources: { limits: { 'nvidia.com/gpu': String(gpus) } } })],
    },
  });
  await cluster().apply(gpuPod('trainer', 1));
  await cluster().apply(gpuPod('greedy', 8));
  const trainer = await eventually('trainer is Running', async () => {
    const p = await cluster().kubectlJson(['get', 'pod', 'trainer', '-n', ns]);
    return p.status.phase === 'Running' ? p : undefined;
  });
  expect(trainer.spec.nodeName).toBe('gpu-node-1');
  const cond = await eventually('greedy is marked Unschedulable', async () => {
    const p = await cluster().kubectlJson(['get', 'pod', 'greedy', '-n', ns]);
    return p.status.conditions?.find((c: any) => c.type === 'PodScheduled' && c.reason === 'Unschedulable');
  });
  expect(cond.status).toBe('False');
  expect(cond.message).toContain('Insufficient nvidia.com/gpu');
  const greedy = await cluster().kubectlJson(['get', 'pod', 'greedy', '-n', ns]);
  expect(greedy.spec.nodeName).toBeUndefined();
  expect(greedy.status.phase).toBe('Pending');
});

test('claims: the default class waits for a consumer; an Immediate class binds at once', async () => {
  await cluster().apply({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'immediate' },
    provisioner: 'kapstan.dev/hostpath',
    volumeBindingMode: 'Immediate',
  });
  const claim = (name: string, storageClassName?: string) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: ns },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...(storageClassName ? { storageClassName } : {}) },
  });
  await cluster().apply(claim('now', 'immediate'));
  await cluster().apply(claim('later'));
  const bound = await eventually('claim "now" is Bound', async () => {
    const c = await cluster().kubectlJson(['get', 'pvc', 'now', '-n', ns]);
    return c.status.phase === 'Bound' ? c : undefined;
  });
  const pv = await cluster().kubectlJson(['get', 'pv', bound.spec.volumeName]);
  expect(pv.spec.nodeAffinity).toBeUndefined();
  expect(pv.spec.capacity.storage).toBe('1Gi');
  const waiting = await eventually('claim "later" reports WaitForFirstConsumer', async () => {
    const events = (await cluster().kubectlJson(['get', 'events', '-n', ns, '--field-selector', 'involvedObject.name=later'])).items;
    return events.find((e: any) => e.reason === 'WaitForFirstConsumer');
  });
  expect(waiting.type).toBe('Normal');
  expect((await cluster().kubectlJson(['get', 'pvc', 'later', '-n', ns])).status.phase).toBe('Pending');
  // Deleting a claim deletes its volume (reclaimPolicy Delete).
  await cluster().kubectl(['delete', 'pvc', 'now', '-n', ns]);
  await eventually('the volume of "now" is gone', async () => {
    const pvs = (await cluster().kubectlJson(['get', 'pv'])).items;
    return !pvs.some((p: any) => p.metadata.name === bound.spec.volumeName);
  });
});

test('claims on production CSI classes (AWS EBS, GCE PD, NFS) bind through the simulated drivers', async () => {
  const drivers = { ebs: 'ebs.csi.aws.com', pd: 'pd.csi.storage.gke.io', nfs: 'nfs.csi.k8s.io' };
  for (const [short, provisioner] of Object.entries(drivers)) {
    await cluster().apply({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: `sim-${short}` },
      provisioner,
      parameters: short === 'ebs' ? { type: 'gp3', encrypted: 'true' } : {},
      volumeBindingMode: 'Immediate',
    });
    await cluster().apply({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: `on-${short}`, namespace: ns },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: `sim-${short}` },
    });
  }
  for (const short of Object.keys(drivers)) {
    const bound = await eventually(`claim "on-${short}" is Bound`, async () => {
      const c = await cluster().kubectlJson(['get', 'pvc', `on-${short}`, '-n', ns]);
      return c.status.phase === 'Bound' ? c : undefined;
    });
    const pv = await cluster().kubectlJson(['get', 'pv', bound.spec.volumeName]);
    expect(pv.metadata.annotations['pv.kubernetes.io/provisioned-by']).toBe(drivers[short as keyof typeof drivers]);
  }
});

test('a LoadBalancer Service gets an external address; a ClusterIP one does not', async () => {
  const svc = (name: string, type: string) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns },
    spec: { type, selector: labels('web'), ports: [{ port: 80, targetPort: 8080 }] },
  });
  await cluster().apply(svc('public', 'LoadBalancer'));
  await cluster().apply(svc('internal', 'ClusterIP'));
  const lb = await eventually('public has a load-balancer address', async () => {
    const s = await cluster().kubectlJson(['get', 'service', 'public', '-n', ns]);
    return s.status.loadBalancer?.ingress?.[0] ? s : undefined;
  });
  expect(lb.status.loadBalancer.ingress[0].ip).toBe(`198.51.100.${lb.spec.clusterIP.split('.')[3]}`);
  expect((await cluster().kubectlJson(['get', 'service', 'internal', '-n', ns])).status.loadBalancer).toEqual({});
});
