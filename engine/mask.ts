// Secret values never reach the terminal: Secrets are masked structurally before display (keys
// stay visible so diffs show added/changed/removed keys), and every line of output also goes
// through a redactor that knows the values of the Secrets in play.

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export const HIDDEN = '(hidden)';
export const HIDDEN_OLD = '(hidden, changed - old value)';
export const HIDDEN_NEW = '(hidden, changed - new value)';

function isSecret(obj: any): boolean {
  return obj?.kind === 'Secret' && (obj.apiVersion === 'v1' || obj.apiVersion === undefined);
}

/** Top-level fields of a Secret that hold no values; anything else (a misspelled `stringDatx`) is treated as secret. */
const SECRET_PLAIN_FIELDS = new Set(['apiVersion', 'kind', 'metadata', 'type', 'immutable']);
/** Kapstan's own Secrets: compressed manifests and set bookkeeping, whose values are never printed. */
const OWN_SECRET_TYPES = new Set(['kapstan.io/revision', 'kapstan.io/applyset']);

/** Every string inside a value (keys excluded), for fields of a Secret that are not data/stringData. */
function stringLeaves(v: any, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (typeof v === 'number' || typeof v === 'boolean') out.push(String(v));
  else if (Array.isArray(v)) for (const x of v) stringLeaves(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) stringLeaves(x, out);
  return out;
}

/** The same shape with every leaf hidden: keys stay visible, values do not. */
function hideLeaves(v: any): any {
  if (Array.isArray(v)) return v.map(hideLeaves);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, hideLeaves(x)]));
  return HIDDEN;
}

/** data + stringData as base64 values. */
export function secretValues(obj: any): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj?.data ?? {})) out[k] = String(v);
  for (const [k, v] of Object.entries(obj?.stringData ?? {})) out[k] = Buffer.from(String(v)).toString('base64');
  return out;
}

function maskMeta(obj: any): any {
  const ann = obj.metadata?.annotations;
  if (!ann?.[LAST_APPLIED]) return obj.metadata;
  return { ...obj.metadata, annotations: { ...ann, [LAST_APPLIED]: HIDDEN } };
}

/** Masks one object (no comparison): every value hidden. Non-Secrets are returned unchanged. */
export function maskSecret(obj: any): any {
  if (!isSecret(obj)) return obj;
  const { stringData: _sd, data: _d, ...rest } = obj;
  const vals = secretValues(obj);
  const out: any = { ...rest, metadata: maskMeta(obj) };
  for (const k of Object.keys(rest)) if (!SECRET_PLAIN_FIELDS.has(k)) out[k] = hideLeaves(rest[k]);
  if (Object.keys(vals).length) out.data = Object.fromEntries(Object.keys(vals).sort().map((k) => [k, HIDDEN]));
  return out;
}

/** Masks a before/after pair so that a diff shows which keys were added, changed or removed. */
export function maskSecretPair(before: any, after: any): [any, any] {
  if (!isSecret(before) && !isSecret(after)) return [before, after];
  const b = before ? secretValues(before) : {};
  const a = after ? secretValues(after) : {};
  const mb = before ? maskSecret(before) : before;
  const ma = after ? maskSecret(after) : after;
  if (mb?.data) for (const k of Object.keys(mb.data)) if (k in a && a[k] !== b[k]) mb.data[k] = HIDDEN_OLD;
  if (ma?.data) for (const k of Object.keys(ma.data)) if (k in b && a[k] !== b[k]) ma.data[k] = HIDDEN_NEW;
  return [mb, ma];
}

/**
 * Replaces known secret values (base64 and decoded) in a text: values of MIN_LENGTH or more
 * anywhere; shorter ones only where they stand as a whole value (see shortValuePattern), since
 * replacing "web" or "1" everywhere would mangle ordinary words and counts.
 */
export class Redactor {
  private values = new Set<string>();
  private short = new Set<string>();
  private shortPattern?: RegExp;

  /** Learns the Secrets in an API response: one Secret, or a list of them (items carry no kind). */
  addResponse(body: any): void {
    if (body?.kind === 'Secret') this.addManifest(body);
    else if (body?.kind === 'SecretList' && Array.isArray(body.items)) {
      for (const it of body.items) this.addManifest({ ...it, apiVersion: 'v1', kind: 'Secret' });
    }
  }

  addManifest(obj: any): void {
    if (!isSecret(obj) || OWN_SECRET_TYPES.has(obj.type)) return;
    for (const [k, v] of Object.entries(obj)) {
      if (SECRET_PLAIN_FIELDS.has(k) || k === 'data' || k === 'stringData') continue;
      for (const leaf of stringLeaves(v)) this.addPlain(leaf);
    }
    for (const [k, b64] of Object.entries(secretValues(obj))) {
      this.addValue(b64);
      const plain = Buffer.from(b64, 'base64').toString('utf8');
      this.addValue(plain);
      for (const line of plain.split('\n')) if (line.trim().length >= 6) this.addValue(line.trim());
      const raw = obj.stringData?.[k];
      if (typeof raw === 'string') this.addValue(raw);
      // JSON output escapes quotes and newlines: also catch the escaped form.
      this.addValue(JSON.stringify(plain).slice(1, -1));
    }
  }

  /** A plain value with its base64 form, its lines and its JSON-escaped form. */
  private addPlain(plain: string): void {
    this.addValue(plain);
    this.addValue(Buffer.from(plain).toString('base64'));
    for (const line of plain.split('\n')) if (line.trim().length >= 6) this.addValue(line.trim());
    this.addValue(JSON.stringify(plain).slice(1, -1));
  }

  addValue(v: string): void {
    if (!v) return;
    if (v.length >= Redactor.MIN_LENGTH) this.values.add(v);
    else if (!this.short.has(v)) {
      this.short.add(v);
      this.shortPattern = undefined;
    }
  }

  /** Shorter values are redacted only as whole values, not inside other text. */
  static readonly MIN_LENGTH = 6;

  /** Redacts every string inside a JSON value (keys included), so JSON output stays valid. */
  redactDeep<T>(value: T): T {
    if (!this.size) return value;
    const walk = (v: any): any => {
      // A JSON string that is a short value whole is that value, printed.
      if (typeof v === 'string') return this.short.has(v) ? HIDDEN : this.redact(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [this.redact(k), walk(x)]));
      return v;
    };
    return walk(value);
  }

  get size(): number {
    return this.values.size + this.short.size;
  }

  redact(text: string): string {
    if (!this.size || !text) return text;
    let out = text;
    // Longest first, so a value that contains another is replaced whole.
    for (const v of [...this.values].sort((x, y) => y.length - x.length)) {
      if (out.includes(v)) out = out.split(v).join(HIDDEN);
    }
    if (this.short.size && [...this.short].some((v) => out.includes(v))) {
      this.shortPattern ??= shortValuePattern([...this.short]);
      out = out.replace(this.shortPattern, (_m, dq, sq, lead, word) =>
        (dq !== undefined ? `"${HIDDEN}"` : sq !== undefined ? `'${HIDDEN}'` : `${lead ?? word}${HIDDEN}`));
    }
    return out;
  }
}

// A YAML serializer quotes strings that would read as another type, so such values stand plain
// only when they are not ours (`replicas: 1`, `enabled: true`).
const YAML_NON_STRING = /^(?:[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?|0x[0-9a-f]+|0o[0-7]+|true|false|yes|no|on|off|y|n|null|~|\.inf|\.nan)$/i;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Where a short value is a whole value: a double- or single-quoted string (JSON, YAML, Go's %q as
 * in the API server's `Invalid value: "..."`), a plain YAML scalar ending its line after `key: `
 * or `- `, or a word of prose of 3 or more characters standing between spaces or punctuation (not
 * inside a name such as `shop/web` or `validate-web`). Groups: 1 double-quoted, 2 single-quoted,
 * 3 the YAML lead kept, 4 the prose lead kept.
 */
export function shortValuePattern(values: string[]): RegExp {
  const alt = (vs: string[]) => (vs.length ? [...vs].sort((a, b) => b.length - a.length).map(escapeRe).join('|') : '(?!)');
  const plain = values.filter((v) => !YAML_NON_STRING.test(v) && v.trim() === v && !v.includes('\n'));
  const words = plain.filter((v) => v.length >= 3 && !/\s/.test(v));
  // A colour reset after the value (a diff line in a terminal) ends it like the end of the line.
  const end = `(?:\\u001b\\[[0-9;]*m)*(?:\\r?$)`;
  const yaml = `(:[ \\t]+|^[ \\t]*-[ \\t]+)(?:${alt(plain)})(?=[ \\t]*${end})`;
  const prose = `(^|[\\s=(\\[{<,;])(?:${alt(words)})(?=[.!?]?(?:\\s|${end}|\\u001b)|[,;)\\]}>])`;
  return new RegExp(`"(${alt(values)})"|'(${alt(values)})'|${yaml}|${prose}`, 'gm');
}
