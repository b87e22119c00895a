import { rmSync } from 'node:fs';
import { downCluster, listClusters } from '../../dev-cluster';
import { downKarmada, listKarmadas } from '../../dev-cluster/karmada';
import { useE2EHome } from './global-home';

/** Stops whatever the run left running (the shared cluster, clusters of failed files). */
export default async function globalTeardown(): Promise<void> {
  const home = useE2EHome();
  for (const k of listKarmadas()) await downKarmada(k);
  for (const c of listClusters()) await downCluster(c.name);
  rmSync(home, { recursive: true, force: true });
}
