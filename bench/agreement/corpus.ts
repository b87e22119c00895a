// The invalid-object corpus (test/fixtures/invalid/): each file holds valid base objects and a list
// of cases, each case one mistake written as JSON-pointer edits of a base. See the folder README.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

export const CORPUS_DIR = resolve(__dirname, '../../test/fixtures/invalid');

export interface CorpusCase {
  /** `<file>:<base kind>:<n>`, stable while the file's cases keep their order. */
  id: string;
  file: string;
  /** What is wrong, in words; `none` for a base object (the control). */
  mistake: string;
  manifest: Record<string, any>;
  /** Objects validated together with this one (the file's `context`); not submitted. */
  context: Array<Record<string, any>>;
  /** For runtime mistakes the API server accepts: the semantic rule that must report it. */
  rule?: string;
}

interface RawCase {
  /** The semantic rule expected to report this mistake (runtime mistakes only). */
  rule?: string;
  mistake: string;
  /** Kinds of the file's bases the case applies to (default: every base). */
  kinds?: string[];
  /** JSON pointer (relative to the base's `at`) -> value, created with its parents. */
  set?: Record<string, unknown>;
  remove?: string[];
}

interface RawFile {
  /** Objects the cases refer to (a Secret, a Service…): validated with each case, never submitted. */
  context?: Array<Record<string, any>>;
  /** Where the cases' pointers start in each base, by kind (default: the object root). */
  at?: Record<string, string>;
  bases: Array<Record<string, any>>;
  cases: RawCase[];
}

const unescape = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');
const segments = (pointer: string) => (pointer === '' ? [] : pointer.replace(/^\//, '').split('/').map(unescape));

function setAt(root: any, pointer: string, value: unknown): void {
  const keys = segments(pointer);
  let node = root;
  keys.slice(0, -1).forEach((k, i) => {
    if (node[k] === undefined || node[k] === null) node[k] = /^\d+$/.test(keys[i + 1]) ? [] : {};
    node = node[k];
  });
  node[keys[keys.length - 1]] = structuredClone(value);
}

function removeAt(root: any, pointer: string): void {
  const keys = segments(pointer);
  let node = root;
  for (const k of keys.slice(0, -1)) node = node?.[k];
  if (node === undefined) throw new Error(`nothing at ${pointer}`);
  const last = keys[keys.length - 1];
  if (Array.isArray(node)) node.splice(Number(last), 1);
  else delete node[last];
}

/** Every object of the corpus: each base once (mistake `none`), then each case applied to its bases. */
export function loadCorpus(dir = CORPUS_DIR): CorpusCase[] {
  const out: CorpusCase[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const raw = parse(readFileSync(join(dir, file), 'utf8')) as RawFile;
    for (const base of raw.bases) {
      const kind = String(base.kind);
      const at = raw.at?.[kind] ?? '';
      const context = raw.context ?? [];
      out.push({ id: `${file}:${kind}:0`, file, mistake: 'none', manifest: structuredClone(base), context });
      raw.cases.forEach((c, i) => {
        if (c.kinds && !c.kinds.includes(kind)) return;
        const manifest = structuredClone(base);
        try {
          for (const p of c.remove ?? []) removeAt(manifest, at + p);
          for (const [p, v] of Object.entries(c.set ?? {})) setAt(manifest, at + p, v);
        } catch (err) {
          throw new Error(`${file}: case ${i + 1} (${c.mistake}) on ${kind}: ${(err as Error).message}`);
        }
        out.push({ id: `${file}:${kind}:${i + 1}`, file, mistake: c.mistake, manifest, context, ...(c.rule ? { rule: c.rule } : {}) });
      });
    }
  }
  return out;
}
