import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments, parseDocument } from 'yaml';
import { InputError } from '../errors';
import { splitJsonStream } from './json-stream';

/** One manifest read from a file, with where it came from. `document` counts from 1, in file order. */
export interface ReadManifest {
  readonly manifest: Manifest;
  readonly file: string;
  readonly document: number;
  /** `file: document N` plus `, items[i]` for an item of a list: the prefix of every error about it. */
  readonly where: string;
}

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

/** File names kubectl reads from a directory given to `-f`. */
const MANIFEST_FILE = /\.(ya?ml|json)$/;

/**
 * Every manifest kubectl apply -f would read from `target`: a file, or a directory's .yaml/.yml/.json
 * files in name order (with `recursive`, those of its subdirectories too, like `-R`). YAML streams
 * and JSON streams; every `*List` kind with `items` is expanded, nested lists too.
 */
export function readManifests(target: string, options: { recursive?: boolean } = {}): ReadManifest[] {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return readFile(target);
  const files = manifestFiles(target, options.recursive ?? false);
  if (files.length === 0) {
    throw new InputError(`${target}: no manifests: the directory has no .yaml, .yml or .json files${options.recursive ? '' : ' (set recursive to read subdirectories)'}`);
  }
  return files.flatMap(readFile);
}

function manifestFiles(dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive) out.push(...manifestFiles(full, true));
    } else if (MANIFEST_FILE.test(entry.name)) {
      out.push(full);
    }
  }
  return out;
}

/** The manifests of one file: a JSON stream when it starts with `{` (as kubectl sniffs it), else YAML. */
export function readFile(file: string): ReadManifest[] {
  // A byte-order mark, as some editors on Windows write, is not part of the content.
  return readText(fs.readFileSync(file, 'utf-8'), file);
}

/** The manifests of a text read from `file` (a name for errors: a path, or a chart's template). */
export function readText(content: string, file: string): ReadManifest[] {
  const text = content.replace(/^\uFEFF/, '');
  return manifestsOf(/^\s*\{/.test(text) ? parseJson(text, file) : parseYaml(text, file), file);
}

/** The manifests of already parsed documents of `file` (lists expanded, each checked as kubectl does). */
export function manifestsOf(values: unknown[], file: string): ReadManifest[] {
  const out: ReadManifest[] = [];
  values.forEach((value, i) => {
    if (value === null || value === undefined) return; // an empty or comment-only document
    expand(value, `${file}: document ${i + 1}`, '', (manifest, where) => out.push({ manifest, file, document: i + 1, where }));
  });
  return out;
}

function parseYaml(text: string, file: string): unknown[] {
  // YAML 1.1, as kubectl reads manifests: `yes`/`on` are booleans, `0755` is octal.
  return parseAllDocuments(text, { version: '1.1' }).map((doc, i) => {
    const error = doc.errors[0];
    if (error) {
      // First line only: later lines quote the source, which may hold Secret values.
      const pos = error.linePos?.[0];
      const at = pos ? ` (line ${pos.line}, column ${pos.col})` : '';
      throw new InputError(`${file}: document ${i + 1}: invalid YAML${at}: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
    }
    return doc.toJS();
  });
}

function parseJson(text: string, file: string): unknown[] {
  return splitJsonStream(text).map((piece, i) => {
    try {
      return JSON.parse(piece.text);
    } catch {
      // V8's message quotes the offending text (it may be a Secret) and, on Node 20, has no
      // position: a YAML parser in JSON mode locates the error instead.
      const pos = parseDocument(piece.text, { schema: 'json' }).errors[0]?.linePos?.[0];
      const at = pos ? ` (line ${piece.line + pos.line - 1}, column ${pos.col})` : '';
      throw new InputError(`${file}: document ${i + 1}: invalid JSON${at}`);
    }
  });
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** kubectl treats any `…List` kind (RoleList, ConfigMapList, List) with an `items` array as a list. */
function isList(value: unknown): value is { apiVersion?: string; kind: string; items: unknown[] } {
  return isObject(value) && typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items);
}

function expand(value: unknown, document: string, itemPath: string, emit: (m: Manifest, where: string) => void): void {
  const where = itemPath ? `${document}, ${itemPath}` : document;
  if (!isList(value)) {
    emit(checkManifest(value, where), where);
    return;
  }
  // Like kubectl, an item without apiVersion and kind is of the list's item kind (RoleList → Role).
  const itemKind = value.kind.slice(0, -'List'.length);
  value.items.forEach((item, j) => {
    const withKind = isObject(item) && item.kind === undefined && item.apiVersion === undefined && itemKind
      ? { apiVersion: value.apiVersion, kind: itemKind, ...item } : item;
    expand(withKind, document, `${itemPath ? `${itemPath}.` : ''}items[${j}]`, emit);
  });
}

/** What kubectl apply rejects before sending anything, as an error naming the document and field. */
function checkManifest(value: unknown, where: string): Manifest {
  if (!isObject(value)) throw new InputError(`${where}: a manifest must be a mapping (got ${Array.isArray(value) ? 'a list' : typeof value})`);
  if (typeof value.apiVersion !== 'string' || !value.apiVersion) throw new InputError(`${where}: apiVersion is required`);
  if (typeof value.kind !== 'string' || !value.kind) throw new InputError(`${where}: kind is required`);
  if (value.metadata !== undefined && !isObject(value.metadata)) throw new InputError(`${where}: metadata must be a mapping (${value.kind})`);
  const metadata = value.metadata ?? {};
  if (typeof metadata.name !== 'string' || !metadata.name) {
    if (metadata.generateName !== undefined) {
      throw new InputError(`${where}: metadata.generateName cannot be used with apply (${value.kind}): an applied object needs a fixed metadata.name`);
    }
    throw new InputError(`${where}: metadata.name is required (${value.kind})`);
  }
  if (metadata.namespace !== undefined && typeof metadata.namespace !== 'string') throw new InputError(`${where}: metadata.namespace must be a string (${value.kind})`);
  if (metadata.labels !== undefined && !isObject(metadata.labels)) throw new InputError(`${where}: metadata.labels must be a mapping`);
  return value as Manifest;
}
