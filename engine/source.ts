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

export function readStackDir(dir: string): StackSource {
  const indexFile = path.join(dir, 'index.json');
  let index: any;
  try {
    index = JSON.parse(fs.readFileSync(indexFile, 'utf8'));
  } catch (err) {
    throw new UsageError(`${indexFile}: cannot read the synth index (${(err as Error).message})`);
  }
  if (!Array.isArray(index.objects)) throw new UsageError(`${indexFile}: "objects" must be a list`);
  const byFile = new Map<string, any[]>();
  const docs = (file: string): any[] => {
    if (!byFile.has(file)) {
      const full = path.join(dir, file);
      if (!fs.existsSync(full)) throw new UsageError(`${indexFile}: refers to ${file}, which does not exist`);
      // js-yaml: several times faster than \`yaml\` on thousands of documents.
      let list: any[];
      try {
        list = parseYamlDocuments(fs.readFileSync(full, 'utf8'));
      } catch (err) {
        throw new UsageError(`${full}: invalid YAML (${(err as Error).message.split('\n')[0]})`);
      }
      byFile.set(file, list);
    }
    return byFile.get(file)!;
  };
  const byKey = new Map<string, Map<string, any>>();
  const lookup = (file: string) => {
    if (!byKey.has(file)) byKey.set(file, new Map(docs(file).map((m) => [docKey(m.apiVersion, m.kind, m.metadata?.namespace, m.metadata?.name), m])));
    return byKey.get(file)!;
  };
  const objects: DesiredObject[] = index.objects.map((o: any, i: number) => {
    const where = `${indexFile} objects[${i}]`;
    if (!o?.kind || !o?.name || !o?.file) throw new UsageError(`${where}: needs kind, name and file`);
    const manifest = lookup(o.file).get(docKey(o.apiVersion, o.kind, o.namespace, o.name));
    if (!manifest) throw new UsageError(`${where}: ${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} is not in ${o.file}`);
    return { manifest, group: o.group ?? groupForKind(o.kind), path: o.path ?? `${o.file}#${i}` };
  });
  return {
    stack: index.stack ?? path.basename(dir),
    context: index.context, namespace: index.namespace, labels: index.labels,
    kapstanVersion: index.kapstanVersion, objects,
  };
}

function docKey(apiVersion: string, kind: string, namespace: string | null | undefined, name: string): string {
  return `${apiVersion}|${kind}|${namespace ?? ''}|${name}`;
}
