// What a prompt before deleting shows: where (kube context, cluster and server) and what, as a
// table grouped by namespace and kind in a stable order (as kapp does), never one wrapped line.
import type { KubeClient } from './client';
import type { Member } from './prune';

export interface Deletable {
  kind: string;
  namespace?: string;
  name: string;
}

export function fromMember(m: Member): Deletable {
  return { kind: m.type.kind, namespace: m.obj.metadata.namespace, name: m.obj.metadata.name };
}

/** "kube context dev (cluster dev, https://127.0.0.1:6443)" */
export function whereLabel(client: Pick<KubeClient, 'contextName' | 'clusterName' | 'server'>): string {
  const cluster = client.clusterName && client.clusterName !== client.contextName ? `cluster ${client.clusterName}, ` : '';
  return `kube context ${client.contextName} (${cluster}${client.server.origin})`;
}

const nsKey = (ns: string) => (ns === '(cluster)' ? '' : ns);

/** NAMESPACE / KIND / NAME rows sorted by namespace (cluster-scoped first), kind, name. */
export function deletionTable(objects: Deletable[]): string[] {
  const rows = objects
    .map((o) => [o.namespace ?? '(cluster)', o.kind, o.name])
    .sort((a, b) => nsKey(a[0]).localeCompare(nsKey(b[0])) || a[1].localeCompare(b[1]) || a[2].localeCompare(b[2]));
  const header = ['NAMESPACE', 'KIND', 'NAME'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c)).join('  ');
  return [line(header), ...rows.map(line)].map((l) => `  ${l}`);
}
