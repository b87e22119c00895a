import type { SchemaNode } from './types';

/**
 * What `kapstan import` saves next to generated bindings (`imports/<crd name>.schema.json`) so
 * validation can check custom resources against their CRD without the CRD being in the app.
 */
export interface ImportedCrdSchema {
  /** The CRD's metadata.name, e.g. `widgets.example.com`. */
  name: string;
  group: string;
  kind: string;
  scope: 'Namespaced' | 'Cluster';
  versions: Array<{ name: string; storage: boolean; schema: SchemaNode }>;
}

export const SCHEMA_FILE_SUFFIX = '.schema.json';

/** Reads the group/kind/version schemas from a CustomResourceDefinition manifest. */
export function crdSchemas(crd: Record<string, any>): ImportedCrdSchema | undefined {
  const spec = crd?.spec;
  if (!spec?.group || !spec?.names?.kind || !Array.isArray(spec.versions)) return undefined;
  const versions = spec.versions
    .filter((v: any) => v && typeof v.name === 'string' && v.schema?.openAPIV3Schema)
    .map((v: any) => ({ name: v.name, storage: v.storage === true, schema: v.schema.openAPIV3Schema as SchemaNode }));
  const scope = spec.scope === 'Cluster' ? 'Cluster' : 'Namespaced';
  return { name: crd.metadata?.name ?? `${spec.names.plural}.${spec.group}`, group: spec.group, kind: spec.names.kind, scope, versions };
}
