// OOMKilled and CreateContainerConfigError through `kapstan apply` on the real dev cluster (the
// `kapstan-oom` / `kapstan-config-error` image markers, see dev-cluster/README.md): non-zero exit,
// the failing pod and the kubelet's reason named in text and in JSON.
import { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import { engineCluster, ClusterInfo } from './engine-cluster';
import { deployment, kapstan, namespace, ndjson, uniqueNs, writeStack } from './engine-fixtures';

jest.setTimeout(240_000);

describe('engine: OOMKilled and CreateContainerConfigError through apply', () => {
  const clusterOf = engineCluster({ shared: true });
  let c: ClusterInfo;
  let api: KubernetesObjectApi;
  beforeAll(() => {
    c = clusterOf();
    const kc = new KubeConfig();
    kc.loadFromFile(c.kubeconfig);
    api = KubernetesObjectApi.makeApiClient(kc);
  });

  const readPod = (ns: string, name: string): Promise<any> => api.read({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns } });

  /** Applies the stack as JSON, then as text; both must fail. */
  async function applyTwice(dist: string) {
    const json = await kapstan(['apply', '--dir', dist, '--kubeconfig', c.kubeconfig, '--timeout', '60s', '--output', 'json']);
    expect(json.code).toBe(1);
    const events = ndjson(json.stdout);
    const text = await kapstan(['apply', '--dir', dist, '--kubeconfig', c.kubeconfig, '--timeout', '60s']);
    expect(text.code).toBe(1);
    return { events, summary: events.at(-1), text };
  }

  /** The tracker's final outcome of one object. */
  const outcomeOf = (events: any[], kind: string) => events.find((e) => e.type === 'track-done').objects.find((o: any) => o.kind === kind);

  it('a Deployment whose container is OOMKilled: exit 1, the pod, OOMKilled and exit code 137 named', async () => {
    const ns = uniqueNs('e2e-oom');
    const dist = writeStack('oom', ns, [namespace(ns), deployment(ns, 'hungry', 'registry.example/app:kapstan-oom')]);
    const { events, summary, text } = await applyTwice(dist);

    const outcome = outcomeOf(events, 'Deployment');
    expect(outcome).toMatchObject({ name: 'hungry', status: 'Failed', ok: false, reason: 'OOMKilled', timedOut: false });
    expect(outcome.pod).toMatch(/^hungry-[a-z0-9]+-[a-z0-9]+$/);
    expect(outcome.message).toMatch(new RegExp(`^pod ${outcome.pod}: OOMKilled: container main ran out of memory \\(exit code 137, restarts: [1-9]\\d*\\)$`));
    // The named pod is the one the kubelet (kwok) reported OOMKilled.
    const pod = await readPod(ns, outcome.pod);
    expect(pod.status.containerStatuses[0].lastState.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });

    expect(summary).toMatchObject({ type: 'summary', outcome: 'failed' });
    expect(summary.objects.find((o: any) => o.kind === 'Deployment')).toMatchObject({ status: 'Failed', message: outcome.message });
    expect(summary.errors).toContainEqual(expect.stringContaining(`Deployment ${ns}/hungry: pod ${outcome.pod}: OOMKilled`));

    expect(text.stdout).toMatch(new RegExp(`✗ Deployment ${ns}/hungry {2}Failed {2}OOMKilled\n {4}why {5}container main ran out of memory \\(exit code 137, .*\n {4}pod {5}hungry-[a-z0-9]+-[a-z0-9]+\n`));
  });

  it('a Deployment whose container cannot be configured: exit 1, the pod, CreateContainerConfigError and the kubelet message named', async () => {
    const ns = uniqueNs('e2e-cfgerr');
    const env = [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } }];
    const dist = writeStack('cfgerr', ns, [namespace(ns), deployment(ns, 'misconfigured', 'registry.example/app:kapstan-config-error', { env })]);
    const { events, summary, text } = await applyTwice(dist);

    const outcome = outcomeOf(events, 'Deployment');
    expect(outcome).toMatchObject({ name: 'misconfigured', status: 'Failed', ok: false, reason: 'CreateContainerConfigError', timedOut: false });
    expect(outcome.pod).toMatch(/^misconfigured-[a-z0-9]+-[a-z0-9]+$/);
    expect(outcome.message).toBe(`pod ${outcome.pod}: CreateContainerConfigError: secret "db-credentials" not found`);
    const pod = await readPod(ns, outcome.pod);
    expect(pod.status.phase).toBe('Pending');
    // The kubelet's Warning event about the pod comes with the outcome.
    expect(outcome.warnings).toContainEqual(expect.objectContaining({ object: `Pod/${outcome.pod}`, reason: 'Failed' }));

    expect(summary).toMatchObject({ type: 'summary', outcome: 'failed' });
    expect(summary.errors).toContainEqual(`Deployment ${ns}/misconfigured: ${outcome.message}`);

    expect(text.stdout).toMatch(new RegExp(`✗ Deployment ${ns}/misconfigured {2}Failed {2}CreateContainerConfigError\n {4}why {5}secret "db-credentials" not found\n {4}pod {5}misconfigured-[a-z0-9]+-[a-z0-9]+\n`));
  });

  it('a Job whose pod is OOMKilled fails with BackoffLimitExceeded and says how the pod ended', async () => {
    const ns = uniqueNs('e2e-oomjob');
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'batch', namespace: ns },
      spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'registry.example/batch:kapstan-oom' }] } } },
    };
    const dist = writeStack('oomjob', ns, [namespace(ns), job]);
    const { events, summary, text } = await applyTwice(dist);

    const outcome = outcomeOf(events, 'Job');
    expect(outcome).toMatchObject({ name: 'batch', status: 'Failed', ok: false, reason: 'BackoffLimitExceeded', timedOut: false });
    const [, podName] = outcome.message.match(/^BackoffLimitExceeded: .*; pod (batch-[a-z0-9]+): exit code 137 \(OOMKilled\)$/) ?? [];
    expect(podName).toBeDefined();
    // The JSON names it too, not only the message.
    expect(outcome.pod).toBe(podName);
    const pod = await readPod(ns, podName);
    expect(pod.status.phase).toBe('Failed');
    expect(pod.status.containerStatuses[0].state.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });

    expect(summary.errors).toContainEqual(`Job ${ns}/batch: ${outcome.message}`);
    expect(text.stdout).toMatch(new RegExp(`✗ Job ${ns}/batch {2}Failed {2}BackoffLimitExceeded\n {4}why {5}.*; pod batch-[a-z0-9]+: exit code 137 \\(OOMKilled\\)\n {4}pod {5}batch-[a-z0-9]+\n`));
  });
});
