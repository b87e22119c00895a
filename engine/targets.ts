// Desired objects ready to send: validated, namespaced by discovery, labelled as ApplySet members.
import { LABEL_PART_OF, groupKind } from './applyset';
import type { Discovery } from './discovery';
import { UsageError } from './errors';
import type { ResourceType } from './paths';
import type { DesiredObject } from './source';

export interface Target {
  manifest: any;
  type: ResourceType;
  group: string;
  path: string;
  /** `Kind.group/namespace/name`, the identity used to match live objects. */
  key: string;
  /** `Kind namespace/name` for messages. */
  label: string;
}

export function objectKey(apiVersion: string, kind: string, namespace: string | undefined, name: string): string {
  return `${groupKind(apiVersion, kind)}/${namespace ?? ''}/${name}`;
}

export function objectLabel(kind: string, namespace: string | undefined, name: string): string {
  return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

/** Checks shape and duplicates; runs before any API call. */
export function checkDesired(objects: DesiredObject[]): void {
  const seen = new Map<string, string>();
  for (const o of objects) {
    const m = o.manifest;
    if (!m || typeof m !== 'object') throw new UsageError(`${o.path}: not an object`);
    for (const f of ['apiVersion', 'kind'] as const) {
      if (typeof m[f] !== 'string' || !m[f]) throw new UsageError(`${o.path}: field ${f} is missing`);
    }
    if (typeof m.metadata?.name !== 'string' || !m.metadata.name) throw new UsageError(`${o.path}: field metadata.name is missing`);
    const key = objectKey(m.apiVersion, m.kind, m.metadata.namespace, m.metadata.name);
    if (seen.has(key)) throw new UsageError(`${o.path}: ${objectLabel(m.kind, m.metadata.namespace, m.metadata.name)} is declared twice (also at ${seen.get(key)})`);
    seen.set(key, o.path);
  }
}

/**
 * The manifest as sent: namespace set, ApplySet label added, Secret stringData turned into data so
 * the live object can be compared field for field. Only the top level and metadata are copied (a
 * deep clone of every object is a noticeable share of a no-op apply); nothing mutates manifests.
 */
export function normalizeManifest(m: any, namespaced: boolean, defaultNamespace: string, applySetId: string): any {
  const out = { ...m };
  out.metadata = { ...out.metadata };
  if (namespaced) out.metadata.namespace = out.metadata.namespace || defaultNamespace;
  else delete out.metadata.namespace;
  out.metadata.labels = { ...(out.metadata.labels ?? {}), [LABEL_PART_OF]: applySetId };
  if (out.kind === 'Secret' && out.apiVersion === 'v1' && out.stringData) {
    out.data = { ...(out.data ?? {}) };
    for (const [k, v] of Object.entries(out.stringData)) out.data[k] = Buffer.from(String(v)).toString('base64');
    delete out.stringData;
  }
  return out;
}

export async function resolveTargets(objects: DesiredObject[], discovery: Discovery, defaultNamespace: string, applySetId: string): Promise<Target[]> {
  checkDesired(objects);
  discovery.addCrds(objects.filter((o) => o.manifest.kind === 'CustomResourceDefinition').map((o) => o.manifest));
  return Promise.all(objects.map(async (o) => {
    const type = await discovery.resolve(o.manifest.apiVersion, o.manifest.kind, o.path);
    const manifest = normalizeManifest(o.manifest, type.namespaced, defaultNamespace, applySetId);
    const ns = manifest.metadata.namespace;
    return {
      manifest, type, group: o.group, path: o.path,
      key: objectKey(manifest.apiVersion, manifest.kind, ns, manifest.metadata.name),
      label: objectLabel(manifest.kind, ns, manifest.metadata.name),
    };
  }));
}
