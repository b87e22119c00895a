// Reading a kubeconfig. Plain credentials (CA, client certificates, bearer tokens, basic auth) are
// read directly: loading @kubernetes/client-node costs seconds under tsx, too much for a no-op
// apply. Exec plugins, auth providers and merged KUBECONFIG lists go through client-node's
// KubeConfig, which implements them fully.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { load } from 'js-yaml';
import { UsageError } from './errors';

export interface Credentials {
  context: string;
  /** The kubeconfig's name for the context's cluster. */
  cluster?: string;
  server: string;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  insecure?: boolean;
  servername?: string;
  /** Static headers (bearer token / basic auth), when no plugin is involved. */
  headers: Record<string, string>;
  /** Set when credentials need client-node (exec plugins, auth providers, merged files). */
  needsClientNode: boolean;
}

export function kubeconfigPaths(explicit?: string): string[] {
  if (explicit) return [explicit];
  if (process.env.KUBECONFIG) return process.env.KUBECONFIG.split(path.delimiter).filter(Boolean);
  return [path.join(os.homedir(), '.kube', 'config')];
}

function readData(data: string | undefined, file: string | undefined, base: string): Buffer | undefined {
  if (data) return Buffer.from(data, 'base64');
  if (file) return fs.readFileSync(path.resolve(base, file));
  return undefined;
}

/** Resolves the context and reads plain credentials; flags `needsClientNode` when that is not enough. */
export function readKubeconfig(explicit: string | undefined, context: string | undefined): Credentials {
  const files = kubeconfigPaths(explicit);
  const file = files[0];
  let doc: any;
  try {
    doc = (load(fs.readFileSync(file, 'utf8')) as any) ?? {};
  } catch (err) {
    throw new UsageError(`cannot read kubeconfig ${file}: ${(err as Error).message} (pass --kubeconfig, set KUBECONFIG, or start a local cluster with 'kapstan dev-cluster up')`);
  }
  const name = context || doc['current-context'];
  if (!name) throw new UsageError(`kubeconfig ${file} has no current-context: pass --context`);
  const ctx = (doc.contexts ?? []).find((c: any) => c.name === name)?.context;
  if (!ctx) {
    if (files.length > 1) return { context: name, server: '', headers: {}, needsClientNode: true };
    const known = (doc.contexts ?? []).map((c: any) => c.name).join(', ') || 'none';
    throw new UsageError(`kube context "${name}" is not in the kubeconfig ${file} (known: ${known})`);
  }
  const cluster = (doc.clusters ?? []).find((c: any) => c.name === ctx.cluster)?.cluster;
  const user = (doc.users ?? []).find((u: any) => u.name === ctx.user)?.user ?? {};
  if (!cluster?.server) throw new UsageError(`kube context "${name}": cluster "${ctx.cluster}" has no server in ${file}`);
  const needsClientNode = files.length > 1 || !!user.exec || !!user['auth-provider'] || !!cluster['proxy-url'];
  const base = path.dirname(file);
  const headers: Record<string, string> = {};
  const token = user.token ?? (user.tokenFile ? fs.readFileSync(path.resolve(base, user.tokenFile), 'utf8').trim() : undefined);
  if (token) headers.Authorization = `Bearer ${token}`;
  else if (user.username) headers.Authorization = `Basic ${Buffer.from(`${user.username}:${user.password ?? ''}`).toString('base64')}`;
  return {
    context: name, cluster: ctx.cluster, server: cluster.server, needsClientNode, headers,
    ca: readData(cluster['certificate-authority-data'], cluster['certificate-authority'], base),
    cert: readData(user['client-certificate-data'], user['client-certificate'], base),
    key: readData(user['client-key-data'], user['client-key'], base),
    insecure: cluster['insecure-skip-tls-verify'] === true,
    servername: cluster['tls-server-name'],
  };
}
