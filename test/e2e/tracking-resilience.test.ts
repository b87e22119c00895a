// The tracker survives its watches breaking: kube-apiserver restarts in the middle of a rollout and
// the tracker re-lists, resumes watching and still reports the rollout's end.
import { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import { restartComponent } from '../../dev-cluster';
import { trackRollout, type TrackEvent } from '../../engine/track';
import { useCluster } from './harness';

// Its own small cluster: restarting the API server must not disturb other test files.
const cluster = useCluster({ nodes: 1, gpuNodes: 0 });
const ns = 'e2e-track-restart';

test('a rollout tracked across a kube-apiserver restart still reaches Current', async () => {
  const kc = new KubeConfig();
  kc.loadFromFile(cluster().kubeconfig);
  const api = KubernetesObjectApi.makeApiClient(kc);
  await api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  await api.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: ns },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      // Not Ready for 10 s: the restart happens while the rollout is in progress.
      template: { metadata: { labels: { app: 'web' }, annotations: { 'kapstan.dev/ready-delay': '10s' } }, spec: { containers: [{ name: 'app', image: 'registry.example.com/web:1' }] } },
    },
  });
  const events: TrackEvent[] = [];
  const tracking = trackRollout(kc, [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: ns }], {
    reporter: { onEvent: (e) => events.push(e) },
  });
  // Wait until the tracker has seen the rollout in progress, then break every watch.
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (events.some((e) => e.type === 'update' && e.object.status === 'InProgress' && e.object.desired === 2)) {
        clearInterval(check);
        resolve();
      }
    }, 50);
  });
  await restartComponent(cluster().name, 'kube-apiserver', { downForMs: 2000 });
  const result = await tracking;
  expect(result.failed).toEqual([]);
  expect(result.objects[0]).toMatchObject({ status: 'Current', ok: true });
  const live: any = await api.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: ns } });
  expect(live.status.readyReplicas).toBe(2);
});
