import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

/** All manifests of one stack folder, in file order. */
export function stackManifests(dir: string): Record<string, any>[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).sort()
    .flatMap((f) => YAML.parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')).map((d) => d.toJS()));
}

/** The manifest of `kind` named `name` in a stack folder. */
export function find(dir: string, kind: string, name: string): Record<string, any> {
  const m = stackManifests(dir).find((x) => x.kind === kind && x.metadata.name === name);
  if (!m) throw new Error(`${kind}/${name} not in ${dir}`);
  return m;
}
