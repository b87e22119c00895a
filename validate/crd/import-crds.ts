import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { crdSchemas, SCHEMA_FILE_SUFFIX, type ImportedCrdSchema } from '../schema/crd-file';
import { generateBinding } from './codegen';

/** The CustomResourceDefinitions in a YAML file (several documents, or a `List`). */
export function readCrds(file: string): ImportedCrdSchema[] {
  const out: ImportedCrdSchema[] = [];
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  docs.forEach((doc, i) => {
    if (doc.errors.length) throw new Error(`${file}#${i}: ${doc.errors[0].message}`);
    const value = doc.toJS();
    const items = value?.kind === 'List' && Array.isArray(value.items) ? value.items : [value];
    for (const item of items) {
      if (item?.kind !== 'CustomResourceDefinition') continue;
      const crd = crdSchemas(item);
      if (!crd || crd.versions.length === 0) throw new Error(`${file}#${i}: CustomResourceDefinition ${item?.metadata?.name ?? ''} has no version with spec.versions[].schema.openAPIV3Schema`);
      out.push(crd);
    }
  });
  if (out.length === 0) throw new Error(`${file}: no CustomResourceDefinition found`);
  return out;
}

/**
 * Writes `<out>/<crd name>.ts` (typed bindings) and `<out>/<crd name>.schema.json` (the schema
 * validation uses) for every CRD in the file. Returns the written paths.
 */
export function importCrds(file: string, outDir: string): string[] {
  const source = relative(process.cwd(), file) || file;
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const crd of readCrds(file)) {
    const ts = join(outDir, `${crd.name}.ts`);
    const schema = join(outDir, `${crd.name}${SCHEMA_FILE_SUFFIX}`);
    writeFileSync(ts, generateBinding(crd, source.split('\\').join('/')));
    writeFileSync(schema, `${JSON.stringify(crd, null, 2)}\n`);
    written.push(ts, schema);
  }
  return written;
}
