import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { manifestsOf, readText, type ReadManifest } from '../constructs/escape/manifest-reader';

// helm template's output parsed fast: js-yaml's core schema reads a document several times faster
// than the YAML 1.1 reader of IncludeYaml (a chart of 750 objects: 12 ms instead of 100 ms). The
// two agree except on what YAML 1.1 reads differently (`yes`/`on`/`y` booleans, `0755` octals,
// `1:30` sexagesimals, `<<` merge keys): a document holding such a plain scalar, or one js-yaml
// rejects, is read by IncludeYaml's reader, which also words the errors.
const YAML_11_ONLY = /(?:^|[\s:\-[{,])(?:[yYnN]|[Yy]es|YES|[Nn]o|NO|[Oo]n|ON|[Oo]ff|OFF|[-+]?0[0-7_]+|[-+]?0b[01_]+|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|<<)\s*(?:$|[,\]}#]|:\s)/m;

/** The manifests of one document of helm's output (`file` names its template in errors). */
export function parseRendered(text: string, file: string): ReadManifest[] {
  if (YAML_11_ONLY.test(text)) return readText(text, file);
  let values: unknown[];
  try {
    values = loadAll(text, undefined, { schema: CORE_SCHEMA }) as unknown[];
  } catch {
    return readText(text, file);
  }
  return manifestsOf(values, file);
}
