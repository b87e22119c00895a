import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ValidateFunction } from 'ajv';
import type { ValidatorIndex } from './types';

const DIR = join(__dirname, 'generated');

let index: ValidatorIndex | undefined;
let clusterScoped: Set<string> | undefined;
const chunks = new Map<string, Record<string, ValidateFunction>>();

function getIndex(): ValidatorIndex {
  index ??= JSON.parse(readFileSync(join(DIR, 'index.json'), 'utf8')) as ValidatorIndex;
  return index;
}

/** Loads one generated chunk (once): only the code of kinds the app uses is parsed. */
function chunk(name: string): Record<string, ValidateFunction> {
  let exports = chunks.get(name);
  if (!exports) {
    const code = gunzipSync(readFileSync(join(DIR, `${name}.js.gz`))).toString('utf8');
    const module = { exports: {} as Record<string, ValidateFunction> };
    new Function('module', 'exports', code)(module, module.exports);
    exports = module.exports;
    chunks.set(name, exports);
  }
  return exports;
}

/** `apps/v1` + `Deployment` -> `apps/v1/Deployment` (core group: `v1/Service`). */
export const gvkKey = (apiVersion: string, kind: string) => `${apiVersion}/${kind}`;

/** The Kubernetes 1.34 validator of a built-in kind, or undefined when the kind is not built in. */
export function builtinValidator(apiVersion: string, kind: string): ValidateFunction | undefined {
  const key = gvkKey(apiVersion, kind);
  const { kinds } = getIndex();
  return Object.prototype.hasOwnProperty.call(kinds, key) ? chunk(kinds[key])[key] : undefined;
}

/** True when the kind is a Kubernetes 1.34 built-in. */
export function isBuiltinKind(apiVersion: string, kind: string): boolean {
  return Object.prototype.hasOwnProperty.call(getIndex().kinds, gvkKey(apiVersion, kind));
}

/** True for built-in cluster-scoped kinds (Namespace, StorageClass, ClusterRole, ...). */
export function isBuiltinClusterScoped(apiVersion: string, kind: string): boolean {
  clusterScoped ??= new Set(getIndex().clusterScoped);
  return clusterScoped.has(gvkKey(apiVersion, kind));
}

export const builtinKubernetesVersion = () => getIndex().kubernetesVersion;
