import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

type Values = Record<string, unknown>;

const isMap = (v: unknown): v is Values => typeof v === 'object' && v !== null && !Array.isArray(v);

/** helm's coalescing: maps merge key by key, anything else replaces; `null` removes a default. */
export function mergeValues(base: Values, over: Values): Values {
  const out: Values = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else if (isMap(v) && isMap(out[k])) out[k] = mergeValues(out[k] as Values, v);
    else out[k] = v;
  }
  return out;
}

/** A YAML values file as a map (an empty file is no values). */
export function readValuesFile(file: string, where: string): Values {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${where}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch (e) {
    // First line only: the rest quotes the file, which may hold secrets.
    throw new Error(`${where}: ${file}: invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (value === null || value === undefined) return {};
  if (!isMap(value)) throw new Error(`${where}: ${file}: values must be a mapping`);
  return value;
}

/**
 * Checks the values a chart will render with (its defaults, then the values files, then `values`)
 * against its `values.schema.json` and each vendored subchart's, before helm runs: one error naming
 * every failing values path (`values.image.tag: must be string`).
 */
export function checkValues(chartDir: string, user: Values, where: string): void {
  const problems: string[] = [];
  check(chartDir, user, 'values', problems, undefined);
  if (problems.length) throw new Error(`${where}: ${problems.join('; ')}`);
}

function check(dir: string, user: Values, prefix: string, problems: string[], global: Values | undefined): void {
  const defaults = existsSync(join(dir, 'values.yaml')) ? readValuesFile(join(dir, 'values.yaml'), prefix) : {};
  let merged = mergeValues(defaults, user);
  if (global) merged = mergeValues(merged, { global: mergeValues(isMap(merged['global']) ? merged['global'] : {}, global) });
  const schemaFile = join(dir, 'values.schema.json');
  if (existsSync(schemaFile)) {
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as { $schema?: string };
    const AjvClass = /2020-12|2019-09/.test(schema.$schema ?? '') ? Ajv2020 : Ajv;
    const ajv = new AjvClass({ allErrors: true, strict: false, validateSchema: false });
    const validate = ajv.compile(schema);
    if (!validate(merged)) {
      for (const err of validate.errors ?? []) {
        const at = [prefix, ...err.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))];
        const missing = err.keyword === 'required' ? `.${(err.params as { missingProperty: string }).missingProperty}` : '';
        const extra = err.keyword === 'additionalProperties' ? `.${(err.params as { additionalProperty: string }).additionalProperty}` : '';
        const enumValues = err.keyword === 'enum' ? ` (${(err.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')})` : '';
        const message = err.keyword === 'required' ? 'is required' : err.keyword === 'additionalProperties' ? 'is not allowed by the chart\'s schema' : `${err.message}${enumValues}`;
        problems.push(`${at.join('.')}${missing}${extra}: ${message}`);
      }
    }
  }
  const charts = join(dir, 'charts');
  if (!existsSync(charts)) return;
  for (const sub of readdirSync(charts).sort()) {
    const subDir = join(charts, sub);
    if (!statSync(subDir).isDirectory() || !existsSync(join(subDir, 'Chart.yaml'))) continue;
    const name = String((parse(readFileSync(join(subDir, 'Chart.yaml'), 'utf8')) as { name?: string }).name ?? sub);
    const subUser = isMap(merged[name]) ? (merged[name] as Values) : {};
    check(subDir, subUser, `${prefix}.${name}`, problems, isMap(merged['global']) ? merged['global'] : undefined);
  }
}
