// REST paths for resources, and the reverse: what a path refers to (for error messages).
import type { RequestInfo } from './errors';

export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  /** Plural resource name, e.g. `deployments`. */
  resource: string;
  namespaced: boolean;
}

export function apiPrefix(group: string, version: string): string {
  return group ? `/apis/${group}/${version}` : `/api/${version}`;
}

/** Collection path (namespace ignored for cluster-scoped types). */
export function collectionPath(t: ResourceType, namespace?: string): string {
  const ns = t.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${apiPrefix(t.group, t.version)}${ns}/${t.resource}`;
}

export function objectPath(t: ResourceType, name: string, namespace?: string): string {
  return `${collectionPath(t, namespace)}/${encodeURIComponent(name)}`;
}

/** Splits `apps/v1` into group and version (`v1` is the core group). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** Derives verb, resource, namespace and name from a request, e.g. for a 403 message. */
export function requestInfoFor(method: string, path: string, query?: Record<string, unknown>): RequestInfo {
  const parts = path.split('?')[0].split('/').filter(Boolean).map(decodeURIComponent);
  let rest: string[] = [];
  let group = '';
  if (parts[0] === 'api') rest = parts.slice(2);
  else if (parts[0] === 'apis') { group = parts[1] ?? ''; rest = parts.slice(3); }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) { namespace = rest[1]; rest = rest.slice(2); }
  const resource = rest[0] ? (group ? `${rest[0]}.${group}` : rest[0]) : path;
  const name = rest[1];
  const m = method.toUpperCase();
  let verb = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }[m] ?? 'get';
  if (m === 'GET' && !name) verb = query?.watch ? 'watch' : 'list';
  if (m === 'DELETE' && !name) verb = 'deletecollection';
  if (parts[0] === 'api' && rest[0] === 'namespaces' && rest.length <= 2) {
    return { verb, resource: 'namespaces', name: rest[1] };
  }
  return { verb, resource, namespace, name };
}
