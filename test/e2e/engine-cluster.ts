// The cluster the engine's e2e tests run against: the running dev cluster (name from
// KAPSTAN_E2E_CLUSTER, default `kapstan`), started when it is not up.
import { clusterInfo, restartComponent, upCluster } from '../../dev-cluster';

export interface ClusterInfo {
  name: string;
  kubeconfig: string;
  /** Stops and starts kube-apiserver; resolves when it serves again. */
  restartApiServer(downForMs?: number): Promise<void>;
}

export async function cluster(): Promise<ClusterInfo> {
  const name = process.env.KAPSTAN_E2E_CLUSTER ?? 'kapstan';
  let info = clusterInfo(name);
  if (!info || info.status !== 'running') {
    await upCluster({ name });
    info = clusterInfo(name)!;
  }
  return {
    name,
    kubeconfig: info.kubeconfig,
    restartApiServer: (downForMs = 2000) => restartComponent(name, 'kube-apiserver', { downForMs }),
  };
}
