/** Why a ConfigMap/Secret key is invalid, or undefined. Keys name files when mounted. */
export function dataKeyProblem(key: string): string | undefined {
  if (key.length === 0 || key.length > 253 || !/^[-._a-zA-Z0-9]+$/.test(key) || key === '.' || key === '..') {
    return `"${key}" is not a valid key (letters, digits, '-', '_' and '.', at most 253 characters, not '.' or '..')`;
  }
  return undefined;
}

/** ConfigMaps and Secrets are stored in etcd, which caps an object at 1 MiB. */
export const MAX_DATA_BYTES = 1024 * 1024;
