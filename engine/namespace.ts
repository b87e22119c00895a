// The stack namespace holds the inventory and the history, so it must exist before anything else.
import type { KubeClient } from './client';

export async function ensureNamespace(client: KubeClient, name: string): Promise<boolean> {
  const live = await client.request('GET', `/api/v1/namespaces/${encodeURIComponent(name)}`, { allow: [404] });
  if (live) return false;
  await client.request('POST', '/api/v1/namespaces', {
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, allow: [409],
  });
  return true;
}
