import { homedir } from 'node:os';
import { join } from 'node:path';

/** Root of kapstan's local state; KAPSTAN_HOME overrides ~/.kapstan (tests and CI use this). */
export function kapstanHome(): string {
  return process.env.KAPSTAN_HOME || join(homedir(), '.kapstan');
}

export function clustersRoot(): string {
  return join(kapstanHome(), 'clusters');
}

/** Everything one cluster owns lives under this directory; `down` removes it. */
export function clusterDir(name: string): string {
  return join(clustersRoot(), name);
}

/** Cluster names become directory names and labels: keep them DNS-label-like. */
export function checkClusterName(name: string): void {
  if (!/^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/.test(name)) {
    throw new Error(`invalid cluster name "${name}": use lowercase letters, digits and '-' (max 40 characters)`);
  }
}
