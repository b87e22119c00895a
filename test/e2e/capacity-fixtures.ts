// For tests of waiting for capacity: a stack that says its cluster grows, and the node a node
// group would add (a kwok node carrying the pool's label).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KubeClient } from '../../engine/client';
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
