import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { InputError } from '../errors';
import { MANAGED_BY } from '../labels';
import { readManifests, type Manifest } from './manifest-reader';

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
  /**
   * A YAML or JSON file with one or more manifests, or a directory of `.yaml`, `.yml` and `.json`
   * files (read in name order), as `kubectl apply -f` takes it. Every `…List` kind is expanded.
   */
  readonly file: string;
  /** For a directory: read its subdirectories too (kubectl's `-R`). Default false. */
  readonly recursive?: boolean;
}

/**
 * Raw manifests from a file or directory, each becoming an ApiObject that is synthesized, validated
 * and applied like any other. Problems name the file and the document.
 */
export class IncludeYaml extends Construct {
  public readonly objects: IncludedObject[] = [];

  constructor(scope: Construct, id: string, props: IncludeYamlProps) {
    super(scope, id);
    const file = props.file;
    let read;
    try {
      read = readManifests(file, { recursive: props.recursive });
    } catch (e) {
      // The construct path names the stack too: the same file may be included in several.
      if ((e as InputError).kapstanInputError) throw new InputError(`${this.node.path}: ${(e as Error).message}`);
      throw new InputError(`${this.node.path}: file: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    const seen = new Map<string, { file: string; document: number }>();
    for (const { manifest, where, ...source } of read) {
      const key = `${manifest.apiVersion.split('/').slice(0, -1).join('/')}/${manifest.kind}/${manifest.metadata.namespace ?? ''}/${manifest.metadata.name}`;
      const first = seen.get(key);
      if (first) {
        const there = first.file === source.file ? '' : `${first.file} `;
        throw new InputError(`${this.node.path}: ${where}: ${manifest.kind} ${manifest.metadata.name} is already defined in ${there}document ${first.document}`);
      }
      seen.set(key, source);
      this.add(manifest, source);
    }
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
    let id = [kind, metadata.namespace, metadata.name].filter(Boolean).join('-');
    // Same kind and name in two API groups (e.g. two projects' Certificate kinds).
    if (this.node.tryFindChild(id)) id = `${id}-${apiVersion}`;
    const apiObject = new ApiObject(this, id, { apiVersion, kind, metadata: { ...metadata, labels }, ...rest });
    apiObject.node.addMetadata(SOURCE_METADATA, source);
    this.objects.push({ apiObject, source });
  }
}

/** The file and document an object was included from, or undefined for constructed objects. */
export function includedSource(apiObject: ApiObject): IncludedSource | undefined {
  return apiObject.node.metadata.find((m) => m.type === SOURCE_METADATA)?.data as IncludedSource | undefined;
}
