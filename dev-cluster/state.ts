import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ComponentName } from './components';
import type { NodePlan } from './nodes';
import { clusterDir, clustersRoot } from './paths';
import type { ProcessSpec } from './process';

/** What `up` records about a cluster (state.json in its directory); `down` and `status` read it. */
export interface ClusterState {
  name: string;
  dir: string;
  kubeconfig: string;
  context: string;
  server: string;
  ports: { etcdClient: number; etcdPeer: number; apiserver: number };
  nodes: NodePlan;
  createdAt: string;
  components: Partial<Record<ComponentName, ProcessSpec & { pid: number }>>;
  /** The client certificate used for the supervisor's own API calls. */
  tls: { caCert: string; cert: string; key: string };
}

export function stateFile(name: string): string {
  return join(clusterDir(name), 'state.json');
}

export function writeState(s: ClusterState): void {
  writeFileSync(stateFile(s.name), JSON.stringify(s, null, 2) + '\n');
}

export function readState(name: string): ClusterState | undefined {
  const f = stateFile(name);
  if (!existsSync(f)) return undefined;
  return JSON.parse(readFileSync(f, 'utf8')) as ClusterState;
}

/** Names of all clusters with a state directory, running or not. */
export function clusterNames(): string[] {
  const root = clustersRoot();
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'state.json')))
    .map((d) => d.name)
    .sort();
}
