// CRDs applied in this run must be Established before their custom resources can be applied.
import type { KubeClient } from './client';
import type { Target } from './targets';

export function isEstablished(crd: any): boolean {
  return (crd?.status?.conditions ?? []).some((c: any) => c.type === 'Established' && c.status === 'True');
}

export async function waitEstablished(client: KubeClient, crds: Target[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const t of crds) {
    if (t.manifest.kind !== 'CustomResourceDefinition') continue;
    const path = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${t.manifest.metadata.name}`;
    for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
      const crd = await client.request('GET', path, { allow: [404] });
      if (isEstablished(crd)) break;
      if (Date.now() > deadline) throw new Error(`${t.label}: not Established after ${Math.round(timeoutMs / 1000)} s`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
