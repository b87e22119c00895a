/**
 * Turns the Kubernetes OpenAPI v3 spec shipped in the `k8s.io/kubernetes` Go module into the files
 * validation loads (`generated/`): ajv standalone validators for every built-in kind, gzip'ed, and
 * an index. Generating code once here means nothing is compiled at synth time. Run:
 *
 *   npx tsx validate/schema/build-schema.ts [<module dir>]
 *
 * Without an argument the module is fetched through the Go module proxy (`go mod download`).
 * The published spec carries no enum values, so they are read from the module's generated OpenAPI
 * definitions (`pkg/generated/openapi/zz_generated.openapi.go`).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import type { CompactSchema, SchemaNode, ValidatorIndex } from './types';
import { toJsonSchema } from './json-schema';
import { BASE64, QUANTITY } from './formats';

export const KUBERNETES_VERSION = 'v1.34.12';
const OUT = join(__dirname, 'generated');

function moduleDir(): string {
  if (process.argv[2]) return process.argv[2];
  const work = mkdtempSync(join(tmpdir(), 'kapstan-schema-'));
  execFileSync('go', ['mod', 'init', 'x'], { cwd: work, stdio: 'ignore' });
  const out = execFileSync('go', ['mod', 'download', '-json', `k8s.io/kubernetes@${KUBERNETES_VERSION}`], { cwd: work });
  return JSON.parse(out.toString()).Dir;
}

/** `io.k8s.api.apps.v1.Deployment` -> `api.apps.v1.Deployment` (shorter file, same meaning). */
const shortName = (name: string) => name.replace(/^io\.k8s\./, '');
const refName = (ref: string) => shortName(ref.replace('#/components/schemas/', ''));

/** Keeps only what validation needs: types, properties, required, items, maps, enums, markers. */
function compact(s: any): SchemaNode {
  if (s.allOf && s.allOf.length === 1 && s.allOf[0].$ref) return { $ref: refName(s.allOf[0].$ref) };
  if (s.$ref) return { $ref: refName(s.$ref) };
  const out: SchemaNode = {};
  if (s.format === 'int-or-string') return { 'x-kubernetes-int-or-string': true };
  if (s.type) out.type = s.type;
  if (s.format === 'byte') out.format = 'byte';
  if (s.properties) {
    out.properties = {};
    for (const key of Object.keys(s.properties).sort()) out.properties[key] = compact(s.properties[key]);
  }
  if (s.required?.length) out.required = [...s.required].sort();
  if (s.items) out.items = compact(s.items);
  if (s.additionalProperties !== undefined && typeof s.additionalProperties === 'object') {
    out.additionalProperties = compact(s.additionalProperties);
  }
  if (s['x-kubernetes-preserve-unknown-fields']) out['x-kubernetes-preserve-unknown-fields'] = true;
  return out;
}

/** Enum values per definition: { 'api.core.v1.Container': [ [['imagePullPolicy'], [...values]] ] }. */
function readEnums(goFile: string): Map<string, Array<{ path: string[]; values: unknown[] }>> {
  const lines = readFileSync(goFile, 'utf8').split('\n');
  const funcToName = new Map<string, string>();
  for (const line of lines) {
    const m = /^\t\t"([^"]+)":\s+(schema_\w+)\(ref\),$/.exec(line);
    if (m) funcToName.set(m[2], shortName(m[1].replace(/^k8s\.io\//, 'io.k8s.').replace(/\//g, '.')));
  }
  const enums = new Map<string, Array<{ path: string[]; values: unknown[] }>>();
  let current: string | undefined;
  let funcLine = 0;
  const indent = (l: string) => l.length - l.replace(/^\t+/, '').length;
  lines.forEach((line, i) => {
    const f = /^func (schema_\w+)\(/.exec(line);
    if (f) { current = funcToName.get(f[1]); funcLine = i; return; }
    const e = /^\t+Enum:\s+\[\]interface\{\}\{(.*)\},$/.exec(line);
    if (!e || !current) return;
    // Walk back up the indentation to collect the property path ("name": { / Items: / AdditionalProperties:).
    const path: string[] = [];
    let level = indent(line);
    for (let j = i - 1; j > funcLine; j--) {
      const l = lines[j];
      if (l.trim() === '' || indent(l) >= level) continue;
      level = indent(l);
      const prop = /^\t+"([^"]+)": \{$/.exec(l);
      if (prop) path.unshift(prop[1]);
      else if (/^\t+Items: /.test(l)) path.unshift('[]');
      else if (/^\t+AdditionalProperties: /.test(l)) path.unshift('{}');
    }
    const values = JSON.parse(`[${e[1]}]`);
    if (!enums.has(current)) enums.set(current, []);
    enums.get(current)!.push({ path, values });
  });
  return enums;
}

function applyEnum(def: SchemaNode, path: string[], values: unknown[]): boolean {
  let node: SchemaNode | undefined = def;
  for (const step of path) {
    if (!node) return false;
    const next: SchemaNode | boolean | undefined =
      step === '[]' ? node.items : step === '{}' ? node.additionalProperties : node.properties?.[step];
    node = typeof next === 'object' ? next : undefined;
  }
  if (!node || node.$ref) return false;
  node.enum = values;
  return true;
}

export function build(dir: string): CompactSchema {
  const specDir = join(dir, 'api/openapi-spec/v3');
  const defs: Record<string, SchemaNode> = {};
  const gvk: Record<string, string> = {};
  const clusterScoped = new Set<string>();
  for (const file of readdirSync(specDir).sort()) {
    const doc = JSON.parse(readFileSync(join(specDir, file), 'utf8'));
    // A kind is cluster-scoped when its create (POST) path has no {namespace} segment.
    for (const [path, ops] of Object.entries<any>(doc.paths ?? {})) {
      const k = ops.post?.['x-kubernetes-group-version-kind'];
      if (k && !path.includes('{name}') && !path.includes('{namespace}')) {
        clusterScoped.add(`${k.group ? `${k.group}/` : ''}${k.version}/${k.kind}`);
      }
    }
    const schemas = doc.components?.schemas ?? {};
    for (const [name, schema] of Object.entries<any>(schemas)) {
      const short = shortName(name);
      if (name === 'io.k8s.apimachinery.pkg.api.resource.Quantity') defs[short] = { 'x-kapstan-quantity': true };
      else defs[short] = compact(schema);
      for (const k of schema['x-kubernetes-group-version-kind'] ?? []) {
        if (k.kind.endsWith('List') || k.kind === 'WatchEvent' || k.kind === 'DeleteOptions' || k.kind === 'Status') continue;
        gvk[`${k.group ? `${k.group}/` : ''}${k.version}/${k.kind}`] = short;
      }
    }
  }
  let missed = 0;
  for (const [name, list] of readEnums(join(dir, 'pkg/generated/openapi/zz_generated.openapi.go'))) {
    for (const { path, values } of list) {
      if (!defs[name] || !applyEnum(defs[name], path, values)) {
        missed++;
        if (process.env.DEBUG_ENUMS) console.warn(`  ${name} ${path.join('.')}: ${JSON.stringify(values)}`);
      }
    }
  }
  // Enums of Go types the spec does not serve (removed API versions, internal types) have nowhere to go.
  if (missed) console.warn(`build-schema: ${missed} enum(s) of types not in the spec skipped (DEBUG_ENUMS=1 lists them)`);
  // Status is written by controllers and dropped on apply, so any value passes; this also halves
  // the generated code of the workload kinds (PodStatus and friends are large).
  for (const def of new Set(Object.values(gvk))) {
    const props = defs[def].properties;
    if (props?.status) props.status = { 'x-kubernetes-preserve-unknown-fields': true };
  }
  const sortedDefs: Record<string, SchemaNode> = {};
  for (const key of Object.keys(defs).sort()) sortedDefs[key] = defs[key];
  const sortedGvk: Record<string, string> = {};
  for (const key of Object.keys(gvk).sort()) sortedGvk[key] = gvk[key];
  return { kubernetesVersion: KUBERNETES_VERSION, gvk: sortedGvk, clusterScoped: [...clusterScoped].sort(), definitions: sortedDefs };
}

/** Definitions reachable from `def` through `$ref`. */
function closure(defs: Record<string, SchemaNode>, def: string, seen = new Set<string>()): Set<string> {
  if (seen.has(def)) return seen;
  seen.add(def);
  JSON.stringify(defs[def], (key, value) => {
    if (key === '$ref') closure(defs, value, seen);
    return value;
  });
  return seen;
}

/** The generated files: `index.json` plus one gzip'ed ajv standalone module per chunk. */
export interface GeneratedFiles {
  index: ValidatorIndex;
  chunks: Record<string, string>;
}

/**
 * Ajv standalone validators, split so an app only parses the code of the kinds it uses: the kinds
 * that embed a pod spec share one chunk (they share most of their code), every other kind has its
 * own. Within a chunk each definition is one function (no inlining).
 */
export function generate(schema: CompactSchema): GeneratedFiles {
  const definitions: Record<string, unknown> = {};
  for (const [name, node] of Object.entries(schema.definitions)) definitions[name] = toJsonSchema(node);
  const ajv = new Ajv({
    allErrors: true, strict: false, inlineRefs: false,
    code: { source: true, optimize: 1 }, formats: { quantity: QUANTITY, byte: BASE64 },
  });
  ajv.addSchema({ $id: 'k8s', definitions });
  const byChunk: Record<string, Record<string, string>> = {};
  const kinds: Record<string, string> = {};
  for (const [gvk, def] of Object.entries(schema.gvk)) {
    const chunk = closure(schema.definitions, def).has('api.core.v1.PodSpec') ? 'workloads' : gvk.replace(/[^A-Za-z0-9.-]+/g, '_');
    (byChunk[chunk] ??= {})[gvk] = `k8s#/definitions/${def}`;
    kinds[gvk] = chunk;
  }
  const header = `// Generated by validate/schema/build-schema.ts from k8s.io/kubernetes ${schema.kubernetesVersion}. Do not edit.\n`;
  const chunks: Record<string, string> = {};
  for (const [chunk, refs] of Object.entries(byChunk)) chunks[chunk] = header + standaloneCode(ajv, refs);
  return { index: { kubernetesVersion: schema.kubernetesVersion, clusterScoped: schema.clusterScoped, kinds }, chunks };
}

if (require.main === module) {
  const schema = build(moduleDir());
  const { index, chunks } = generate(schema);
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'index.json'), `${JSON.stringify(index, null, 1)}\n`);
  let bytes = 0;
  for (const [chunk, code] of Object.entries(chunks)) {
    const data = gzipSync(code, { level: 9 });
    bytes += data.length;
    writeFileSync(join(OUT, `${chunk}.js.gz`), data);
  }
  console.log(`wrote ${OUT}: ${Object.keys(schema.gvk).length} kinds in ${Object.keys(chunks).length} chunks, ${Object.keys(schema.definitions).length} definitions, ${bytes} bytes`);
}
