// The stack namespace holds the inventory and the history, so it must exist before anything else.
import type { KubeClient } from './client';
import { FIELD_MANAGER } from './noop';

export async function namespaceExists(client: KubeClient, name: string): Promise<boolean> {
  return !!(await client.request('GET', `/api/v1/namespaces/${encodeURIComponent(name)}`, { allow: [404] }));
}

/** Created under Kapstan's field manager, so a later apply that declares it knows it as its own. */
export async function createNamespace(client: KubeClient, name: string): Promise<void> {
  await client.request('POST', '/api/v1/namespaces', {
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, query: { fieldManager: FIELD_MANAGER }, allow: [409],
  });
}

export async function ensureNamespace(client: KubeClient, name: string): Promise<boolean> {
  if (await namespaceExists(client, name)) return false;
  await createNamespace(client, name);
  return true;
}
