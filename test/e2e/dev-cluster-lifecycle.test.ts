// Dev cluster lifecycle: the CLI, two clusters side by side, restarting the apiserver, and `down`
// leaving no process behind.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { clusterInfo, COMPONENTS, downCluster, listClusters, restartComponent, upCluster } from '../../dev-cluster';
import { kubectlFor } from './harness';

const run = promisify(execFile);
const CLI = join(__dirname, '..', '..', 'bin', 'kapstan.js');

/** Pids of a cluster's processes, read from its state before `down` removes it. */
function pidsOf(name: string): number[] {
  return Object.values(clusterInfo(name)?.components ?? {}).map((c) => c.pid);
}

function alive(pid: number): boolean {
  if (!existsSync(`/proc/${pid}/stat`)) return false;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

test('two clusters run side by side (one from the CLI), restart their apiserver, and `down` leaves nothing behind', async () => {
  const [cli, api] = await Promise.all([
    run(process.execPath, [CLI, 'dev-cluster', 'up', '--name', 'side-a', '--nodes', '1', '--gpu-nodes', '0', '--no-build'], { env: process.env }),
    upCluster({ name: 'side-b', nodes: 2, gpuNodes: 0, zones: ['z1'], build: false }),
  ]);
  const lines = cli.stdout.trim().split('\n');
  expect(lines[lines.length - 1]).toMatch(/^export KUBECONFIG=\/.+\/side-a\/kubeconfig$/);
  expect(cli.stdout).toMatch(/ready in \d+\.\ds/);
  const kubeconfigA = lines[lines.length - 1].slice('export KUBECONFIG='.length);

  const a = kubectlFor({ ...api, name: 'side-a', kubeconfig: kubeconfigA });
  const b = kubectlFor(api);
  expect(clusterInfo('side-a')!.server).not.toBe(api.server);
  expect(listClusters().filter((c) => c.name.startsWith('side-')).map((c) => [c.name, c.status])).toEqual([
    ['side-a', 'running'],
    ['side-b', 'running'],
  ]);
  const status = await run(process.execPath, [CLI, 'dev-cluster', 'status'], { env: process.env });
  expect(status.stdout).toMatch(/side-a\s+running/);
  const printed = await run(process.execPath, [CLI, 'dev-cluster', 'kubeconfig', '--name', 'side-a'], { env: process.env });
  expect(printed.stdout.trim()).toBe(kubeconfigA);

  // Separate API servers and stores: an object made in one is absent from the other.
  await a.kubectl(['create', 'namespace', 'only-in-a']);
  await expect(b.kubectl(['get', 'namespace', 'only-in-a'])).rejects.toThrow(/NotFound/);
  expect((await a.kubectlJson(['get', 'nodes'])).items).toHaveLength(1);
  expect((await b.kubectlJson(['get', 'nodes'])).items.map((n: any) => n.metadata.labels['topology.kubernetes.io/zone'])).toEqual(['z1', 'z1']);

  // The apiserver restarts with a new pid and keeps its data (etcd outlives it).
  const before = clusterInfo('side-b')!.components['kube-apiserver'].pid;
  await restartComponent('side-b', 'kube-apiserver');
  const after = clusterInfo('side-b')!.components['kube-apiserver'];
  expect(after.pid).not.toBe(before);
  expect(after.running).toBe(true);
  expect(alive(before)).toBe(false);
  await b.kubectl(['create', 'namespace', 'after-restart']);
  expect((await b.kubectlJson(['get', 'nodes'])).items).toHaveLength(2);

  const pids = [...pidsOf('side-a'), ...pidsOf('side-b')];
  expect(pids).toHaveLength(2 * COMPONENTS.length);
  expect(pids.every(alive)).toBe(true);
  const dirs = [clusterInfo('side-a')!.kubeconfig, clusterInfo('side-b')!.kubeconfig].map((k) => join(k, '..'));
  const down = await run(process.execPath, [CLI, 'dev-cluster', 'down', '--name', 'side-a'], { env: process.env });
  expect(down.stdout).toContain('side-a');
  await downCluster('side-b');
  expect(pids.filter(alive)).toEqual([]);
  expect(dirs.filter((d) => existsSync(d))).toEqual([]);
  expect(clusterInfo('side-a')).toBeUndefined();
});
