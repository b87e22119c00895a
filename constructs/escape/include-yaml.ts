import * as fs from 'fs';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { parseAllDocuments } from 'yaml';
import { MANAGED_BY } from '../labels';

/** Node metadata type under which an included object records its file and document. */
export const SOURCE_METADATA = 'kapstan:source';

/** Where an included object came from. `document` counts from 1, in file order. */
export interface IncludedSource {
  readonly file: string;
  readonly document: number;
}

/** One object read from the file. */
export interface IncludedObject {
  readonly apiObject: ApiObject;
  readonly source: IncludedSource;
}

export interface IncludeYamlProps {
  /** Path of a YAML file with one or more manifests (`---` separated; `kind: List` is expanded). */
  readonly file: string;
}

/**
 * Raw manifests from a YAML file, each becoming an ApiObject that is synthesized, validated
 * and applied like any other. Problems name the file and the document.
 */
export class IncludeYaml extends Construct {
  public readonly objects: IncludedObject[] = [];

  constructor(scope: Construct, id: string, props: IncludeYamlProps) {
    super(scope, id);
    const file = props.file;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf-8');
    } catch (e) {
      throw new Error(`${this.node.path}: file: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    const seen = new Map<string, number>();
    // YAML 1.1, as kubectl reads manifests: `yes`/`on` are booleans, `0755` is octal.
    parseAllDocuments(text, { version: '1.1' }).forEach((doc, i) => {
      const document = i + 1;
      const where = `${file}: document ${document}`;
      const error = doc.errors[0];
      if (error) {
        // First line only: later lines quote the source, which may hold Secret values.
        const [line, col] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [undefined, undefined];
        const at = line !== undefined ? ` (line ${line}, column ${col})` : '';
        throw new Error(`${where}: invalid YAML${at}: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
      }
      const value = doc.toJS();
      if (value === null || value === undefined) return; // an empty document, e.g. a trailing `---`
      const items = isObject(value) && value.kind === 'List' && Array.isArray(value.items) ? value.items : [value];
      items.forEach((item: unknown, j: number) => {
        const itemWhere = items.length > 1 || item !== value ? `${where}, items[${j}]` : where;
        const manifest = checkManifest(item, itemWhere);
        const key = `${manifest.kind}/${manifest.metadata.namespace ?? ''}/${manifest.metadata.name}`;
        if (seen.has(key)) throw new Error(`${itemWhere}: ${manifest.kind} ${manifest.metadata.name} is already defined in document ${seen.get(key)}`);
        seen.set(key, document);
        this.add(manifest, { file, document });
      });
    });
  }

  /** The included objects of a kind (and name). */
  public find(kind: string, name?: string): ApiObject[] {
    return this.objects
      .map((o) => o.apiObject)
      .filter((o) => o.kind === kind && (name === undefined || o.name === name));
  }

  private add(manifest: Manifest, source: IncludedSource): void {
    const { apiVersion, kind, metadata, ...rest } = manifest;
    const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY, ...metadata.labels };
    const id = [kind, metadata.namespace, metadata.name].filter(Boolean).join('-');
    const apiObject = new ApiObject(this, id, { apiVersion, kind, metadata: { ...metadata, labels }, ...rest });
    apiObject.node.addMetadata(SOURCE_METADATA, source);
    this.objects.push({ apiObject, source });
  }
}

/** The file and document an object was included from, or undefined for constructed objects. */
export function includedSource(apiObject: ApiObject): IncludedSource | undefined {
  return apiObject.node.metadata.find((m) => m.type === SOURCE_METADATA)?.data as IncludedSource | undefined;
}

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkManifest(value: unknown, where: string): Manifest {
  if (!isObject(value)) throw new Error(`${where}: a manifest must be a mapping (got ${Array.isArray(value) ? 'a list' : typeof value})`);
  if (typeof value.apiVersion !== 'string' || !value.apiVersion) throw new Error(`${where}: apiVersion is required`);
  if (typeof value.kind !== 'string' || !value.kind) throw new Error(`${where}: kind is required`);
  if (!isObject(value.metadata) || typeof value.metadata.name !== 'string' || !value.metadata.name) {
    throw new Error(`${where}: metadata.name is required (${value.kind})`);
  }
  if (value.metadata.labels !== undefined && !isObject(value.metadata.labels)) throw new Error(`${where}: metadata.labels must be a mapping`);
  return value as Manifest;
}
