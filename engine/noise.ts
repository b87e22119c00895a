// Fields that change on every write or belong to controllers; they are left out of diffs.
const META_NOISE = ['managedFields', 'resourceVersion', 'uid', 'generation', 'creationTimestamp', 'selfLink'];

export function stripNoise(obj: any): any {
  if (!obj) return obj;
  const { status: _s, ...rest } = obj;
  const metadata = { ...(rest.metadata ?? {}) };
  for (const k of META_NOISE) delete metadata[k];
  if (metadata.annotations && Object.keys(metadata.annotations).length === 0) delete metadata.annotations;
  const { apiVersion, kind, metadata: _m, ...body } = rest;
  return { apiVersion, kind, metadata, ...body };
}
