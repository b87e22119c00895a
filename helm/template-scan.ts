import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse } from 'yaml';

// Which templates may render differently on every run (random values, the time, generated keys)
// and which read the cluster (`lookup`, empty under `helm template`). A static look at the template
// sources: a template counts when it calls such a function itself or through the named templates
// (`define`) it includes, at any depth.

/** Sprig/helm functions whose result changes between renders with the same input. */
export const VOLATILE_FUNCTIONS = [
  'randAlphaNum', 'randAlpha', 'randNumeric', 'randAscii', 'randBytes', 'randInt', 'uuidv4', 'now', 'shuffle',
  'genCA', 'genCAWithKey', 'genPrivateKey', 'genSelfSignedCert', 'genSelfSignedCertWithKey', 'genSignedCert', 'genSignedCertWithKey',
  'bcrypt', 'htpasswd', 'encryptAES',
] as const;

export interface TemplateScan {
  /** Template (helm's `# Source:` name) → the volatile functions it reaches. */
  readonly volatile: Map<string, string[]>;
  /** Templates that call `lookup` (directly or through a named template). */
  readonly lookup: Set<string>;
}

const call = (fn: string) => new RegExp(`(?:[{(|\\s])${fn}(?=[\\s)}]|$)`);
const DEFINE = /\{\{-?\s*define\s+"([^"]+)"\s*-?\}\}/g;
const INCLUDE = /\b(?:include|template)\s+"([^"]+)"/g;

interface Unit {
  /** helm's name for a rendered template; undefined for a helpers file's defines. */
  readonly template?: string;
  readonly text: string;
}

/** Scans the chart and its vendored subcharts (directories under `charts/`). */
export function scanTemplates(chartDir: string): TemplateScan {
  const files: { name: string; text: string }[] = [];
  collect(chartDir, chartName(chartDir), files);
  // Template comments ({{/* … */}}) may name functions they do not call.
  for (const f of files) f.text = f.text.replace(/\{\{-?\s*\/\*[\s\S]*?\*\/\s*-?\}\}/g, '');
  // Split every file into named templates and the rest (what the file itself renders).
  const defines = new Map<string, string>();
  const rendered: Unit[] = [];
  for (const f of files) {
    const parts = f.text.split(DEFINE);
    // parts: [outside, name1, body1, name2, body2, …]; a body runs to the next define (close enough).
    for (let i = 1; i < parts.length; i += 2) defines.set(parts[i], parts[i + 1]);
    const base = f.name.split('/').pop()!;
    // helm renders every file of templates/ but partials (`_*`) and NOTES.txt.
    if (!base.startsWith('_') && base !== 'NOTES.txt') rendered.push({ template: f.name, text: f.text });
  }
  const reach = memoReach(defines);
  const volatile = new Map<string, string[]>();
  const lookup = new Set<string>();
  for (const u of rendered) {
    const { fns, usesLookup } = reach(u.text, new Set());
    if (fns.size) volatile.set(u.template!, [...fns].sort());
    if (usesLookup) lookup.add(u.template!);
  }
  return { volatile, lookup };
}

function memoReach(defines: Map<string, string>) {
  const LOOKUP = call('lookup');
  const reach = (text: string, seen: Set<string>): { fns: Set<string>; usesLookup: boolean } => {
    const fns = new Set<string>(VOLATILE_FUNCTIONS.filter((fn) => call(fn).test(text)));
    let usesLookup = LOOKUP.test(text);
    for (const m of text.matchAll(INCLUDE)) {
      const name = m[1];
      const body = defines.get(name);
      if (body === undefined || seen.has(name)) continue;
      seen.add(name);
      const inner = reach(body, seen);
      inner.fns.forEach((f) => fns.add(f));
      usesLookup ||= inner.usesLookup;
    }
    return { fns, usesLookup };
  };
  return reach;
}

function chartName(dir: string): string {
  try {
    return String((parse(readFileSync(join(dir, 'Chart.yaml'), 'utf8')) as { name?: string }).name ?? dir.split(sep).pop());
  } catch {
    return dir.split(sep).pop()!;
  }
}

/** The files under `templates/` of a chart and of each subchart, named as helm names them. */
function collect(dir: string, prefix: string, out: { name: string; text: string }[]): void {
  const templates = join(dir, 'templates');
  if (existsSync(templates)) walk(templates, (file) => out.push({ name: `${prefix}/${relative(dir, file).split(sep).join('/')}`, text: readFileSync(file, 'utf8') }));
  const charts = join(dir, 'charts');
  if (!existsSync(charts)) return;
  for (const sub of readdirSync(charts).sort()) {
    const subDir = join(charts, sub);
    if (statSync(subDir).isDirectory() && existsSync(join(subDir, 'Chart.yaml'))) collect(subDir, `${prefix}/charts/${chartName(subDir)}`, out);
  }
}

function walk(dir: string, visit: (file: string) => void): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, visit);
    else visit(full);
  }
}
