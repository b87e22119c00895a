// The cluster for the engine's e2e tests, from the shared harness: the run's shared dev cluster
// (tests use unique namespaces), or an own one where a test restarts the apiserver.
// KAPSTAN_E2E_KUBECONFIG points the tests at another cluster instead (no restart support).
import { restartComponent } from '../../dev-cluster';
import { useCluster } from './harness';

export interface ClusterInfo {
  name: string;
  kubeconfig: string;
  /** Stops and starts kube-apiserver; resolves when it serves again. */
  restartApiServer(downForMs?: number): Promise<void>;
}

/** Registers the harness hooks; call at describe level, use the accessor inside hooks and tests. */
export function engineCluster(opts: { shared?: boolean } = { shared: true }): () => ClusterInfo {
  const external = process.env.KAPSTAN_E2E_KUBECONFIG;
  if (external) {
    return () => ({ name: 'external', kubeconfig: external, restartApiServer: async () => { throw new Error('restart needs the dev cluster'); } });
  }
  const c = useCluster({ shared: opts.shared });
  return () => {
    const info = c();
    return {
      name: info.name,
      kubeconfig: info.kubeconfig,
      restartApiServer: (downForMs = 2000) => restartComponent(info.name, 'kube-apiserver', { downForMs }),
    };
  };
}
