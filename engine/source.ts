// Reading synth output (dist/<stack>/index.json and its .k8s.yaml files, see docs/architecture.md).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseYamlDocuments } from './yaml-cache';
import { UsageError } from './errors';
import { groupForKind } from './order';

export interface DesiredObject {
  manifest: any;
  /** Apply group (`namespaces`, `crds`, ...). */
  group: string;
  /** Construct path, or `file#index` for objects without one. */
  path: string;
}

export interface StackSource {
  stack: string;
  context?: string | null;
  namespace?: string | null;
  labels?: Record<string, string>;
  kapstanVersion?: string;
  /** `autoscaled`: the cluster adds nodes on demand (pending pods wait); `fixed`: it does not. */
  capacity?: 'autoscaled' | 'fixed';
  /** Stacks applied before this one (`stack.addDependency(other)`), by name. */
  dependsOn?: string[];
  objects: DesiredObject[];
}

/** Finds the stack directory: DIR itself when it holds index.json, else DIR/<stack>. */
export function findStackDir(dir: string, stack?: string, what = `--dir ${dir}`): string {
  if (!fs.existsSync(dir)) throw new UsageError(`--dir ${dir}: no such directory (run \`kapstan synth\` first)`);
  if (fs.existsSync(path.join(dir, 'index.json'))) return dir;
  if (stack) {
    const d = path.join(dir, stack);
    if (fs.existsSync(path.join(d, 'index.json'))) return d;
    throw new UsageError(`${what}: no stack "${stack}" (no ${path.join(d, 'index.json')}); stacks here: ${listStacks(dir).join(', ') || 'none'}`);
  }
  const stacks = listStacks(dir);
  if (stacks.length === 1) return path.join(dir, stacks[0]);
  if (stacks.length === 0) throw new UsageError(`${what}: no index.json found (run \`kapstan synth\` first)`);
  throw new UsageError(`${what} holds several stacks (${stacks.join(', ')}): choose one with --stack`);
}

/** Stack directories under DIR (one level, or two for federations). */
export function listStacks(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    if (fs.existsSync(path.join(dir, e.name, 'index.json'))) out.push(e.name);
    else for (const c of fs.readdirSync(path.join(dir, e.name), { withFileTypes: true })) {
      if (c.isDirectory() && fs.existsSync(path.join(dir, e.name, c.name, 'index.json'))) out.push(`${e.name}/${c.name}`);
    }
  }
  return out.sort();
}

/**
 * Reads a stack directory, checked as strictly as synth writes it: every document of every
 * `.k8s.yaml` file listed in index.json exactly once and the other way round, no duplicates,
 * well-formed documents, and Secret values that are strings. Errors name the file and document.
 * `expectStack` (from --stack) must match the index's stack.
 */
export function readStackDir(dir: string, expectStack?: string): StackSource {
  const indexFile = path.join(dir, 'index.json');
  let index: any;
  try {
    index = JSON.parse(fs.readFileSync(indexFile, 'utf8'));
  } catch (err) {
    throw new UsageError(`${indexFile}: cannot read the synth index (${(err as Error).message})`);
  }
  if (!index || typeof index !== 'object' || !Array.isArray(index.objects)) throw new UsageError(`${indexFile}: "objects" must be a list`);
  const stack = index.stack ?? path.basename(dir);
  if (expectStack !== undefined && expectStack !== stack) {
    throw new UsageError(`--stack ${expectStack} does not match ${indexFile}, which holds stack "${stack}"`);
  }
  const byFile = new Map<string, Map<string, { manifest: any; doc: number; used: boolean }>>();
  const docs = (file: string) => {
    if (!byFile.has(file)) {
      const full = path.join(dir, file);
      if (typeof file !== 'string' || path.isAbsolute(file) || file.split(/[\\/]/).includes('..')) throw new UsageError(`${indexFile}: file "${file}" is not a file of this directory`);
      if (!fs.existsSync(full)) throw new UsageError(`${indexFile}: refers to ${file}, which does not exist`);
      // js-yaml: several times faster than \`yaml\` on thousands of documents.
      let list: any[];
      try {
        list = parseYamlDocuments(fs.readFileSync(full, 'utf8'));
      } catch (err) {
        throw new UsageError(`${full}: invalid YAML (${(err as Error).message.split('\n')[0]})`);
      }
      const keyed = new Map<string, { manifest: any; doc: number; used: boolean }>();
      list.forEach((m, i) => {
        const where = `${full} document ${i + 1}`;
        checkDocument(m, where);
        const key = docKey(m.apiVersion, m.kind, m.metadata.namespace, m.metadata.name);
        const dup = keyed.get(key);
        if (dup) throw new UsageError(`${where}: ${describe(m)} is also document ${dup.doc} of this file; each object may appear once`);
        keyed.set(key, { manifest: m, doc: i + 1, used: false });
      });
      byFile.set(file, keyed);
    }
    return byFile.get(file)!;
  };
  const listed = new Map<string, string>();
  const objects: DesiredObject[] = index.objects.map((o: any, i: number) => {
    const where = `${indexFile} objects[${i}]`;
    if (!o?.kind || !o?.name || !o?.file) throw new UsageError(`${where}: needs kind, name and file`);
    const key = docKey(o.apiVersion, o.kind, o.namespace, o.name);
    const label = `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
    if (listed.has(key)) throw new UsageError(`${where}: ${label} is listed twice (also ${listed.get(key)})`);
    listed.set(key, `objects[${i}]`);
    const found = docs(o.file).get(key);
    if (!found) throw new UsageError(`${where}: ${label} is not in ${o.file}`);
    found.used = true;
    return { manifest: found.manifest, group: o.group ?? groupForKind(o.kind), path: o.path ?? `${o.file}#${i}` };
  });
  // A document the index does not list would be neither applied nor known to the set: a later
  // --prune would delete its live copy. Files the index never names are read for the same reason.
  for (const f of fs.readdirSync(dir)) if (f.endsWith('.k8s.yaml')) docs(f);
  for (const [file, keyed] of byFile) {
    for (const d of keyed.values()) {
      if (!d.used) throw new UsageError(`${path.join(dir, file)} document ${d.doc}: ${describe(d.manifest)} is not listed in ${indexFile}; synth output must list every object (run \`kapstan synth\` again)`);
    }
  }
  return {
    stack,
    context: index.context, namespace: index.namespace, labels: index.labels,
    kapstanVersion: index.kapstanVersion, objects,
    ...(index.capacity === 'autoscaled' || index.capacity === 'fixed' ? { capacity: index.capacity } : {}),
    ...(index.dependsOn !== undefined ? { dependsOn: checkDependsOn(index.dependsOn, indexFile) } : {}),
  };
}

function describe(m: any): string {
  return `${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ''}${m.metadata.name}`;
}

/** Shape checks a document needs before it can be matched, applied or masked. */
export function checkDocument(m: any, where: string): void {
  if (!m || typeof m !== 'object' || Array.isArray(m)) throw new UsageError(`${where}: not an object`);
  for (const f of ['apiVersion', 'kind'] as const) {
    if (typeof m[f] !== 'string' || !m[f]) throw new UsageError(`${where}: field ${f} is missing or not a string`);
  }
  if (!m.metadata || typeof m.metadata !== 'object' || typeof m.metadata.name !== 'string' || !m.metadata.name) {
    throw new UsageError(`${where}: field metadata.name is missing or not a string`);
  }
  if (m.metadata.namespace !== undefined && m.metadata.namespace !== null && typeof m.metadata.namespace !== 'string') {
    throw new UsageError(`${where}: field metadata.namespace must be a string`);
  }
  if (m.kind === 'Secret' && m.apiVersion === 'v1') {
    for (const field of ['data', 'stringData'] as const) {
      const v = m[field];
      if (v === undefined || v === null) continue;
      if (typeof v !== 'object' || Array.isArray(v)) throw new UsageError(`${where}: Secret ${m.metadata.name}: field ${field} must be a map of strings`);
      for (const [k, x] of Object.entries(v)) {
        // The value itself is never quoted: only its type.
        if (typeof x !== 'string') throw new UsageError(`${where}: Secret ${m.metadata.name}: field ${field}.${k} must be a string (got ${x === null ? 'null' : Array.isArray(x) ? 'a list' : typeof x}); quote it in YAML`);
        if (field === 'data' && !/^[A-Za-z0-9+/]*={0,2}$/.test(x.replace(/\s+/g, ''))) {
          throw new UsageError(`${where}: Secret ${m.metadata.name}: field data.${k} is not base64 (put plain text under stringData)`);
        }
      }
    }
  }
}

function docKey(apiVersion: string, kind: string, namespace: string | null | undefined, name: string): string {
  return `${apiVersion}|${kind}|${namespace ?? ''}|${name}`;
}

function checkDependsOn(v: unknown, indexFile: string): string[] {
  if (!Array.isArray(v) || v.some((n) => typeof n !== 'string')) throw new UsageError(`${indexFile}: "dependsOn" must be a list of stack names`);
  return v as string[];
}
