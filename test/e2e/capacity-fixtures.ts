// For tests of waiting for capacity: a stack that says its cluster grows, and the node a node
// group would add (a kwok node carrying the pool's label).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KubeClient } from '../../engine/client';
import { engineCluster, type ClusterInfo } from './engine-cluster';
import { nodeManifests } from '../../dev-cluster/nodes';

/** Marks dist/<stack>/index.json as the Stack's `capacity: 'autoscaled'` does. */
export function markAutoscaled(dist: string, stack: string): void {
  const file = path.join(dist, stack, 'index.json');
  fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), capacity: 'autoscaled' }, null, 2));
}

/** Adds a node labelled `pool=<pool>`; returns its name (delete it when done). */
export async function addPoolNode(client: KubeClient, pool: string): Promise<string> {
  const [node] = nodeManifests({ nodes: 1, gpuNodes: 0, zones: ['local-a'], region: 'local', gpusPerNode: 0 }) as any[];
  node.metadata.name = `${pool}-node`;
  node.metadata.labels = { ...node.metadata.labels, 'kubernetes.io/hostname': node.metadata.name, pool };
  await client.request('POST', '/api/v1/nodes', { body: node });
  return node.metadata.name;
}

export interface PoolCluster {
  /** The shared engine cluster and an admin client, once beforeAll has run. */
  (): { cluster: ClusterInfo; client: KubeClient };
  /** Adds a node of `pool` (see addPoolNode); it is deleted after the file's tests. */
  addNode(pool: string): Promise<string>;
}

/** The shared engine cluster with an admin client, deleting the pool nodes a test added afterwards. */
export function usePoolCluster(): PoolCluster {
  const clusterOf = engineCluster({ shared: true });
  let cluster: ClusterInfo;
  let client: KubeClient;
  const nodes: string[] = [];
  beforeAll(async () => {
    cluster = clusterOf();
    client = await KubeClient.connect({ kubeconfig: cluster.kubeconfig });
  });
  afterAll(async () => {
    for (const n of nodes) await client?.request('DELETE', `/api/v1/nodes/${n}`, { allow: [404] });
    client?.close();
  });
  const get = (() => ({ cluster, client })) as PoolCluster;
  get.addNode = async (pool) => {
    const name = await addPoolNode(client, pool);
    nodes.push(name);
    return name;
  };
  return get;
}
