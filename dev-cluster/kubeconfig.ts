import { readFileSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

const b64 = (path: string) => readFileSync(path).toString('base64');

/**
 * Writes a kubeconfig with the certificates embedded, so it keeps working if copied elsewhere.
 * The context (and cluster/user) is named after the dev cluster, e.g. `kapstan-dev`.
 */
export function writeKubeconfig(path: string, o: { context: string; server: string; caCert: string; cert: string; key: string }): void {
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: o.context, cluster: { server: o.server, 'certificate-authority-data': b64(o.caCert) } }],
    users: [{ name: o.context, user: { 'client-certificate-data': b64(o.cert), 'client-key-data': b64(o.key) } }],
    contexts: [{ name: o.context, context: { cluster: o.context, user: o.context } }],
    'current-context': o.context,
    preferences: {},
  };
  writeFileSync(path, stringify(doc), { mode: 0o600 });
}
