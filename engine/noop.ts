// Cheap no-op detection: an object needs no write when the fields kapstan owns (its Apply entry in
// managedFields) are exactly the fields of the desired manifest and the live values equal the
// desired ones. Anything uncertain answers "changed": a needless apply is harmless, a missed one is not.

export const FIELD_MANAGER = 'kapstan';

type FieldsNode = Record<string, any>;

/** The managedFields entry of our last server-side apply, if any. */
export function ownApplyEntry(live: any, manager = FIELD_MANAGER): any | undefined {
  return (live?.metadata?.managedFields ?? []).find(
    (e: any) => e.manager === manager && e.operation === 'Apply' && !e.subresource && e.fieldsType === 'FieldsV1');
}

export function isNoop(desired: any, live: any, manager = FIELD_MANAGER): boolean {
  if (!live) return false;
  const entry = ownApplyEntry(live, manager);
  if (!entry || entry.apiVersion !== desired.apiVersion || !entry.fieldsV1) return false;
  const { apiVersion: _a, kind: _k, metadata = {}, ...rest } = desired;
  const { name: _n, namespace: _ns, ...meta } = metadata;
  const fields: FieldsNode = { ...entry.fieldsV1 };
  if (fields['f:metadata']) {
    const m = { ...fields['f:metadata'] };
    delete m['f:name'];
    delete m['f:namespace'];
    fields['f:metadata'] = m;
  }
  const want: any = { ...rest };
  if (Object.keys(meta).length) want.metadata = meta;
  else if (fields['f:metadata'] && Object.keys(children(fields['f:metadata'])).length === 0) delete fields['f:metadata'];
  return matchMap(want, live, fields);
}

function children(node: FieldsNode): FieldsNode {
  const out: FieldsNode = {};
  for (const k in node) if (k !== '.') out[k] = node[k];
  return out;
}

// The helpers below run once per field of every object in a no-op apply: they count and look up
// keys in place rather than building key arrays.
function hasChildren(node: FieldsNode): boolean {
  for (const k in node) if (k !== '.') return true;
  return false;
}

function isPlainObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEmpty(v: any): boolean {
  if (Array.isArray(v)) return v.length === 0;
  if (!isPlainObject(v)) return false;
  for (const _ in v) return false;
  return true;
}

function matchValue(d: any, l: any, node: FieldsNode): boolean {
  const kids = hasChildren(node);
  // The API server drops empty lists and maps (omitempty): `ingress: []` reads back as absent.
  if (!kids && isEmpty(d) && (l === undefined || l === null || isEmpty(l))) return true;
  if (Array.isArray(d)) return matchList(d, l, kids ? children(node) : {});
  if (isPlainObject(d)) {
    if (!kids) return jsonEqual(d, l) || (isEmpty(d) && isPlainObject(l) && isEmpty(l));
    return matchMap(d, l, node);
  }
  if (kids) return false;
  return jsonEqual(d, l);
}

/** Every set key of `d` is an owned `f:` field of `node` matching the live value, and nothing more is owned. */
function matchMap(d: Record<string, any>, l: any, node: FieldsNode): boolean {
  if (!isPlainObject(l)) return false;
  let owned = 0;
  for (const k in node) {
    if (k === '.') continue;
    if (!k.startsWith('f:')) return false;
    owned++;
  }
  let set = 0;
  for (const k in d) {
    const v = d[k];
    if (v === null || v === undefined) continue;
    if (++set > owned) return false;
    const child = node[`f:${k}`];
    if (!child || !matchValue(v, l[k], child)) return false;
  }
  return set === owned;
}

function matchList(d: any[], l: any, kids: FieldsNode): boolean {
  if (!Array.isArray(l)) return false;
  const names = Object.keys(kids);
  if (names.length === 0) return jsonEqual(d, l); // atomic list
  if (names.length !== d.length) return false;
  if (names.every((n) => n.startsWith('v:'))) {
    const have = new Set(names);
    return d.every((e) => have.has(`v:${JSON.stringify(e)}`) && l.some((x: any) => jsonEqual(x, e)));
  }
  if (!names.every((n) => n.startsWith('k:'))) return false;
  const keyed = names.map((n) => ({ key: safeJson(n.slice(2)), node: kids[n], used: false }));
  for (const elem of d) {
    if (!isPlainObject(elem)) return false;
    const hits = keyed.filter((k) => !k.used && isPlainObject(k.key) && keyMatches(elem, k.key));
    if (hits.length !== 1) return false;
    hits[0].used = true;
    const liveElems = l.filter((x: any) => isPlainObject(x) && keyMatches(x, hits[0].key, true));
    // Key fields identify the element (already matched, live included); the entry lists them as
    // owned fields only sometimes (e.g. imagePullSecrets' k:{"name":...} is empty), and a key the
    // manifest left out was defaulted. Compare the key fields as the entry records them.
    const full: Record<string, any> = { ...elem };
    for (const [k, v] of Object.entries(hits[0].key)) {
      if (hits[0].node[`f:${k}`]) full[k] ??= v;
      else delete full[k];
    }
    if (liveElems.length !== 1 || !matchMap(full, liveElems[0], hits[0].node)) return false;
  }
  return true;
}

// A key field left out of the manifest (e.g. a port's defaulted protocol) matches any value.
function keyMatches(elem: Record<string, any>, key: Record<string, any>, strict = false): boolean {
  return Object.entries(key).every(([k, v]) =>
    (!strict && elem[k] === undefined) || jsonEqual(elem[k], v));
}

function safeJson(s: string): any {
  try { return JSON.parse(s); } catch { return undefined; }
}

/** Equality of JSON values (prototype-agnostic, key order ignored, undefined members absent). */
export function jsonEqual(a: any, b: any): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const arr = Array.isArray(a);
  if (arr !== Array.isArray(b)) return false;
  if (arr) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  let na = 0;
  for (const k in a) {
    if (a[k] === undefined) continue;
    na++;
    if (!jsonEqual(a[k], b[k])) return false;
  }
  let nb = 0;
  for (const k in b) if (b[k] !== undefined) nb++;
  return na === nb;
}
