import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ValidateFunction } from 'ajv';

type Validators = Record<string, ValidateFunction> & { kubernetesVersion: string; clusterScoped: string[] };

let loaded: Validators | undefined;

/**
 * The generated validators for the Kubernetes 1.34 built-in kinds, loaded on first use. V8 compiles
 * each kind's functions lazily on its first call, so only kinds the app uses cost anything.
 */
function validators(): Validators {
  if (!loaded) {
    const code = gunzipSync(readFileSync(join(__dirname, 'k8s-validators.js.gz'))).toString('utf8');
    const module = { exports: {} as Validators };
    new Function('module', 'exports', code)(module, module.exports);
    loaded = module.exports;
  }
  return loaded;
}

/** `apps/v1` + `Deployment` -> `apps/v1/Deployment` (core group: `v1/Service`). */
export const gvkKey = (apiVersion: string, kind: string) => `${apiVersion}/${kind}`;

/** The validator of a built-in kind, or undefined when the kind is not built in. */
export function builtinValidator(apiVersion: string, kind: string): ValidateFunction | undefined {
  const key = gvkKey(apiVersion, kind);
  const all = validators();
  return Object.prototype.hasOwnProperty.call(all, key) && typeof all[key] === 'function' ? all[key] : undefined;
}

let clusterScoped: Set<string> | undefined;

/** True for built-in cluster-scoped kinds (Namespace, StorageClass, ClusterRole, ...). */
export function isBuiltinClusterScoped(apiVersion: string, kind: string): boolean {
  clusterScoped ??= new Set(validators().clusterScoped);
  return clusterScoped.has(gvkKey(apiVersion, kind));
}

export const builtinKubernetesVersion = () => validators().kubernetesVersion;
