import Ajv, { type ValidateFunction } from 'ajv';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CrdSchema } from '../options';
import { BASE64, QUANTITY } from './formats';
import { toJsonSchema } from './json-schema';
import { SCHEMA_FILE_SUFFIX, type ImportedCrdSchema } from './crd-file';
import type { SchemaNode } from './types';

/**
 * Custom resource schemas, by `group/version/Kind`: CRDs declared in the app, schemas saved by
 * `kapstan import`, and ones passed in options. Each is compiled with ajv on first use only.
 */
export class CrdRegistry {
  private readonly schemas = new Map<string, SchemaNode>();
  private readonly clusterKinds = new Set<string>();
  private readonly compiled = new Map<string, ValidateFunction>();
  private ajv: Ajv | undefined;
  private importsLoaded = false;

  constructor(private readonly importsDir: string | false) {}

  add(schema: CrdSchema): void {
    this.schemas.set(`${schema.group}/${schema.version}/${schema.kind}`, schema.schema);
  }

  addCrd(crd: ImportedCrdSchema): void {
    if (crd.scope === 'Cluster') this.clusterKinds.add(`${crd.group}/${crd.kind}`);
    for (const v of crd.versions) this.add({ group: crd.group, version: v.name, kind: crd.kind, schema: v.schema });
  }

  /** True when a CRD known here declares the kind cluster-scoped. */
  isClusterScoped(apiVersion: string, kind: string): boolean {
    this.loadImports();
    return this.clusterKinds.has(`${apiVersion.split('/')[0]}/${kind}`);
  }

  validator(apiVersion: string, kind: string): ValidateFunction | undefined {
    const key = `${apiVersion}/${kind}`;
    const hit = this.compiled.get(key);
    if (hit) return hit;
    if (!this.schemas.has(key)) this.loadImports();
    const schema = this.schemas.get(key);
    if (!schema) return undefined;
    const fn = this.getAjv().compile(rootSchema(schema));
    this.compiled.set(key, fn);
    return fn;
  }

  /** Schemas saved under imports/ are read only when a kind is not found elsewhere (already-declared ones win). */
  private loadImports(): void {
    if (this.importsLoaded || !this.importsDir) return;
    this.importsLoaded = true;
    if (!existsSync(this.importsDir)) return;
    for (const file of readdirSync(this.importsDir).filter((f) => f.endsWith(SCHEMA_FILE_SUFFIX)).sort()) {
      const crd = JSON.parse(readFileSync(join(this.importsDir, file), 'utf8')) as ImportedCrdSchema;
      if (crd.scope === 'Cluster') this.clusterKinds.add(`${crd.group}/${crd.kind}`);
      for (const v of crd.versions) {
        const key = `${crd.group}/${v.name}/${crd.kind}`;
        if (!this.schemas.has(key)) this.schemas.set(key, v.schema);
      }
    }
  }

  private getAjv(): Ajv {
    this.ajv ??= new Ajv({ allErrors: true, strict: false, formats: { quantity: QUANTITY, byte: BASE64 } });
    return this.ajv;
  }
}

/** apiVersion, kind and metadata are implicit at a custom resource's root. */
function rootSchema(schema: SchemaNode): Record<string, unknown> {
  const root = toJsonSchema(schema, '#/definitions/');
  if (root.properties || root.additionalProperties === false) {
    root.properties = {
      apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' },
      ...(root.properties as object),
    };
  }
  return root;
}
