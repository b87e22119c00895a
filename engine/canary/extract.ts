// Reconstructs what a field manager last applied to an object, from the live object and that
// manager's `managedFields` entry (like client-go's Extract* helpers). `kapstan promote`/`abort`
// change that configuration and re-apply it as Kapstan itself, so the next `kapstan apply` sees
// its own fields instead of a conflict with another manager.

type Json = any;

/** The subset of `live` owned by `manager`'s Apply entry, with apiVersion/kind/name/namespace. */
export function extractApplied(live: Json, manager: string): Json | undefined {
  const entry = (live.metadata?.managedFields ?? []).find(
    (m: Json) => m.manager === manager && m.operation === 'Apply' && m.fieldsType === 'FieldsV1',
  );
  if (!entry) return undefined;
  const out = pick(live, entry.fieldsV1 ?? {});
  out.apiVersion = live.apiVersion;
  out.kind = live.kind;
  out.metadata = { ...(out.metadata ?? {}), name: live.metadata.name };
  if (live.metadata.namespace) out.metadata.namespace = live.metadata.namespace;
  return out;
}

function isLeaf(set: Json): boolean {
  return Object.keys(set).filter((k) => k !== '.').length === 0;
}

/** Walks a FieldsV1 set: `f:name` object fields, `k:{...}` keyed list items, `v:...` set values. */
function pick(value: Json, set: Json): Json {
  if (Array.isArray(value)) {
    const items: Json[] = [];
    for (const key of Object.keys(set)) {
      if (key.startsWith('k:')) {
        const match = JSON.parse(key.slice(2)) as Record<string, unknown>;
        const item = value.find((it) => Object.entries(match).every(([k, v]) => it?.[k] === v));
        if (item !== undefined) items.push(isLeaf(set[key]) ? item : { ...match, ...pick(item, set[key]) });
      } else if (key.startsWith('v:')) {
        items.push(JSON.parse(key.slice(2)));
      } else if (key.startsWith('i:')) {
        const item = value[Number(key.slice(2))];
        if (item !== undefined) items.push(isLeaf(set[key]) ? item : pick(item, set[key]));
      }
    }
    return items;
  }
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const key of Object.keys(set)) {
    if (!key.startsWith('f:')) continue;
    const field = key.slice(2);
    if (!(field in value)) continue;
    out[field] = isLeaf(set[key]) ? value[field] : pick(value[field], set[key]);
  }
  return out;
}
