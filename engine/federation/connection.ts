// Which kubeconfig and context each member uses. `--kubeconfig` and `--context` take one value
// for every member or a map `eu-1=/path/a,us-1=/path/b`; KAPSTAN_KUBECONFIG_<CLUSTER> (upper
// case, '-' as '_') sets one member's kubeconfig. A member's context defaults to the one synth
// recorded (the Federation member's `context`, default its name).
import * as path from 'node:path';
import { UsageError } from '../errors';
import { readKubeconfig } from '../kubeconfig';

export interface MemberConnection {
  kubeconfig?: string;
  context?: string;
}

/** `a=x,b=y` → map; a plain value (no '=') → the same for all. */
export function parseMemberMap(flag: string, value: string | undefined, clusters: string[]): { all?: string; by: Map<string, string> } {
  const by = new Map<string, string>();
  if (value === undefined || value === '') return { by };
  if (!value.includes('=')) return { all: value, by };
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    const cluster = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (eq < 1 || !v) throw new UsageError(`${flag} "${value}": expected CLUSTER=VALUE pairs separated by ',' (got "${part}")`);
    if (!clusters.includes(cluster)) throw new UsageError(`${flag}: "${cluster}" is not a member (members: ${clusters.join(', ')})`);
    if (by.has(cluster)) throw new UsageError(`${flag}: "${cluster}" is given twice`);
    by.set(cluster, v);
  }
  return { by };
}

export function envName(cluster: string): string {
  return `KAPSTAN_KUBECONFIG_${cluster.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export function resolveConnections(
  members: { cluster: string; context?: string | null }[],
  flags: { kubeconfig?: string; context?: string },
  env: NodeJS.ProcessEnv = process.env,
): Map<string, MemberConnection> {
  const clusters = members.map((m) => m.cluster);
  const kc = parseMemberMap('--kubeconfig', flags.kubeconfig, clusters);
  const ctx = parseMemberMap('--context', flags.context, clusters);
  const out = new Map<string, MemberConnection>();
  for (const m of members) {
    const file = kc.by.get(m.cluster) ?? env[envName(m.cluster)] ?? kc.all;
    out.set(m.cluster, { kubeconfig: file ? path.resolve(file) : undefined, context: ctx.by.get(m.cluster) ?? ctx.all ?? m.context ?? undefined });
  }
  return out;
}

/**
 * Reads every member's kubeconfig and context before any API call, so a typo in the last wave's
 * context fails the whole run instead of surfacing after the first wave was applied.
 */
export function checkConnections(conns: Map<string, MemberConnection>): void {
  const problems: string[] = [];
  for (const [cluster, c] of conns) {
    try {
      readKubeconfig(c.kubeconfig, c.context);
    } catch (err) {
      problems.push(`cluster ${cluster}: ${(err as Error).message}`);
    }
  }
  if (problems.length) throw new UsageError(`${problems.join('\n')}\nnothing was sent to any cluster`);
}
