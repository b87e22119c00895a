import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { DataValidateFunction, DataValidationCxt } from 'ajv/dist/types';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CrdSchema } from '../options';
import { BASE64, QUANTITY } from './formats';
import { toJsonSchema } from './json-schema';
import { celSelf, crdExtension, type NodeCel, type SchemaNote } from './crd-extensions';
import { firstLine } from './cel';
import { SCHEMA_FILE_SUFFIX, type ImportedCrdSchema } from './crd-file';
import type { SchemaNode } from './types';

/** A validator for one custom resource kind, and what its CRD's schema leaves unchecked (once). */
export interface CrdValidator {
  validate: ValidateFunction;
  /** `CRD <name> version <v>` */
  crd: string;
  /** The CRD object when the app declares it, to report notes against. */
  owner?: unknown;
}

/**
 * Custom resource schemas, by `group/version/Kind`: CRDs declared in the app, schemas saved by
 * `kapstan import`, and ones passed in options. Each is compiled with ajv on first use only.
 */
export class CrdRegistry {
  private readonly schemas = new Map<string, SchemaNode>();
  private readonly labels = new Map<string, { crd: string; owner?: unknown }>();
  private readonly clusterKinds = new Set<string>();
  private readonly compiled = new Map<string, CrdValidator>();
  private readonly notes = new Map<string, SchemaNote[]>();
  /** How many of a kind's notes were taken already (notes are kept whole to say each once). */
  private readonly taken = new Map<string, number>();
  private readonly cel: NodeCel[] = [];
  /** Notes of the CRD being compiled or validated against, for the keywords to add to. */
  private current: SchemaNote[] = [];
  private ajv: Ajv | undefined;
  private importsLoaded = false;

  constructor(private readonly importsDir: string | false) {}

  add(schema: CrdSchema, crd = `${schema.kind} ${schema.group}`, owner?: unknown): void {
    const key = `${schema.group}/${schema.version}/${schema.kind}`;
    this.schemas.set(key, schema.schema);
    this.labels.set(key, { crd: `CRD ${crd} version ${schema.version}`, owner });
  }

  /** `owner`: the CRD's object in the app, if it is one. */
  addCrd(crd: ImportedCrdSchema, owner?: unknown): void {
    if (crd.scope === 'Cluster') this.clusterKinds.add(`${crd.group}/${crd.kind}`);
    for (const v of crd.versions) this.add({ group: crd.group, version: v.name, kind: crd.kind, schema: v.schema }, crd.name, owner);
  }

  /** What the kind's CRD schema leaves to the API server, each note returned once. */
  takeNotes(apiVersion: string, kind: string): SchemaNote[] {
    const key = `${apiVersion}/${kind}`;
    const notes = this.notes.get(key) ?? [];
    const from = this.taken.get(key) ?? 0;
    this.taken.set(key, notes.length);
    return notes.slice(from);
  }

  /** True when a CRD known here declares the kind cluster-scoped. */
  isClusterScoped(apiVersion: string, kind: string): boolean {
    this.loadImports();
    return this.clusterKinds.has(`${apiVersion.split('/')[0]}/${kind}`);
  }

  validator(apiVersion: string, kind: string): CrdValidator | undefined {
    const key = `${apiVersion}/${kind}`;
    const hit = this.compiled.get(key);
    if (hit) {
      this.current = this.notes.get(key)!;
      return hit;
    }
    if (!this.schemas.has(key)) this.loadImports();
    const schema = this.schemas.get(key);
    if (!schema) return undefined;
    const notes: SchemaNote[] = [];
    this.notes.set(key, notes);
    this.current = notes;
    const label = this.labels.get(key) ?? { crd: `CRD for ${key}` };
    const validate = this.getAjv().compile(rootSchema(schema, crdExtension(notes, this.cel)));
    const v: CrdValidator = { validate, ...label };
    this.compiled.set(key, v);
    return v;
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
        if (!this.schemas.has(key)) {
          this.schemas.set(key, v.schema);
          this.labels.set(key, { crd: `CRD ${crd.name} version ${v.name}` });
        }
      }
    }
  }

  private getAjv(): Ajv {
    if (this.ajv) return this.ajv;
    // No code optimisation passes: on large CRDs (hundreds of fields) they take longer than the
    // checks they would speed up ever run at synth.
    const ajv = new Ajv({ allErrors: true, strict: false, code: { optimize: false }, formats: { quantity: QUANTITY, byte: BASE64 } });
    // RE2 `pattern`s, translated to JavaScript (crd-extensions.ts).
    ajv.addKeyword({
      keyword: 'kapstanPattern', errors: true,
      compile: ({ source, pattern }: { source: string; pattern: string }) => {
        const re = new RegExp(source, 'u');
        const fn: DataValidateFunction = (data: unknown) => {
          if (typeof data !== 'string' || re.test(data)) return true;
          fn.errors = [{ keyword: 'pattern', params: { pattern }, message: `must match pattern "${pattern}"` }] as Partial<ErrorObject>[];
          return false;
        };
        return fn;
      },
    });
    // x-kubernetes-list-type: map: no two items with the same values of the map keys.
    ajv.addKeyword({
      keyword: 'kapstanMapKeys', errors: true,
      compile: (keys: string[]) => {
        const fn: DataValidateFunction = (data: unknown, cxt?: DataValidationCxt) => {
          if (!Array.isArray(data)) return true;
          const errors: Partial<ErrorObject>[] = [];
          const first = new Map<string, number>();
          data.forEach((item, j) => {
            if (!item || typeof item !== 'object') return;
            const id = JSON.stringify(keys.map((k) => (item as Record<string, unknown>)[k] ?? null));
            const i = first.get(id);
            if (i === undefined) first.set(id, j);
            else errors.push({ instancePath: `${cxt?.instancePath ?? ''}/${j}`, keyword: 'x-kubernetes-list-map-keys', params: {}, message: `duplicate entry: same ${keys.join(', ')} as item ${i}` });
          });
          fn.errors = errors as ErrorObject[];
          return errors.length === 0;
        };
        return fn;
      },
    });
    // x-kubernetes-validations: CEL rules (cel.ts); what cannot be evaluated becomes a note.
    ajv.addKeyword({
      keyword: 'kapstanCel', errors: true,
      compile: (index: number) => {
        const { node, field, rules } = this.cel[index];
        const fn: DataValidateFunction = (data: unknown, cxt?: DataValidationCxt) => {
          const self = celSelf(data, node);
          const errors: Partial<ErrorObject>[] = [];
          for (const r of rules) {
            let passed: boolean;
            try {
              passed = r.evaluate(self);
            } catch (e) {
              const message = `CEL rule \`${r.rule}\` not checked at synth: it could not be evaluated (${firstLine((e as Error).message)}); the API server checks it`;
              if (!this.current.some((n) => n.field === field && n.message === message)) this.current.push({ field, message });
              continue;
            }
            if (!passed) {
              const at = r.fieldPath.map((p) => `/${p.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
              errors.push({ instancePath: `${cxt?.instancePath ?? ''}${at}`, keyword: 'x-kubernetes-validations', params: {}, message: r.message });
            }
          }
          fn.errors = errors as ErrorObject[];
          return errors.length === 0;
        };
        return fn;
      },
    });
    this.ajv = ajv;
    return ajv;
  }
}

/** apiVersion, kind and metadata are implicit at a custom resource's root. */
function rootSchema(schema: SchemaNode, ext: ReturnType<typeof crdExtension>): Record<string, unknown> {
  const root = toJsonSchema(schema, '#/definitions/', ext);
  if (root.properties || root.additionalProperties === false) {
    root.properties = {
      apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' },
      ...(root.properties as object),
    };
  }
  return root;
}
