import type { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import type { KObject } from '../status';
import { requestInfoFor } from '../paths';
import { apiVerb, type RequestCounter } from '../request-count';

export interface ResourceInfo {
  /** "/apis/apps/v1" */
  base: string;
  /** plural resource name, e.g. "deployments" */
  plural: string;
  namespaced: boolean;
}

export interface ListResult {
  items: KObject[];
  resourceVersion: string;
}

const RAW = 'kapstan-raw-json';
const TEXT = 'kapstan-raw-text';

// KubernetesObjectApi brings discovery (cached per apiVersion) and authentication; its typed
// deserialisation turns timestamps into Dates, so responses are parsed as plain JSON instead:
// status rules read the same JSON a watch delivers. The class is made on first use:
// @kubernetes/client-node takes a large part of a second to load, and a run that watches nothing
// (a no-op apply whose objects were all Current) never needs it.
interface RawObjectApi extends KubernetesObjectApi {
  lookup(apiVersion: string, kind: string): ReturnType<KubernetesObjectApi['resource']>;
  getJson(path: string, query: Record<string, string | undefined>, as?: typeof RAW | typeof TEXT): Promise<any>;
}

let rawObjectApiClass: (new (...args: any[]) => RawObjectApi) | undefined;

function rawObjectApi(): new (...args: any[]) => RawObjectApi {
  if (rawObjectApiClass) return rawObjectApiClass;
  const { HttpMethod, KubernetesObjectApi } = require('@kubernetes/client-node') as typeof import('@kubernetes/client-node');
  class Raw extends KubernetesObjectApi implements RawObjectApi {
    async lookup(apiVersion: string, kind: string) {
      return this.resource(apiVersion, kind);
    }

    async getJson(path: string, query: Record<string, string | undefined>, as: typeof RAW | typeof TEXT = RAW): Promise<any> {
      const ctx = this.configuration.baseServer.makeRequestContext(path, HttpMethod.GET);
      ctx.setHeaderParam('Accept', as === RAW ? 'application/json' : '*/*');
      for (const [key, value] of Object.entries(query)) if (value !== undefined) ctx.setQueryParam(key, value);
      return this.requestPromise(ctx, as);
    }

    protected async processResponse(response: any, type?: string): Promise<any> {
      if (type !== RAW && type !== TEXT) return super.processResponse(response, type);
      const text = await response.body.text();
      if (response.httpStatusCode >= 200 && response.httpStatusCode <= 299) return type === TEXT ? text : JSON.parse(text);
      let body: any = text;
      try {
        body = JSON.parse(text);
      } catch {
        // keep the text
      }
      const error = new Error(`HTTP ${response.httpStatusCode}: ${body?.message ?? text}`) as Error & { code?: number; body?: unknown };
      error.code = response.httpStatusCode;
      error.body = body;
      throw error;
    }
  }
  rawObjectApiClass = Raw;
  return Raw;
}

/** Read-only cluster access for the tracker: discovery and lists, as plain JSON. */
export class ClusterReader {
  private readonly api: RawObjectApi;
  private readonly resources = new Map<string, Promise<ResourceInfo | undefined>>();
  /** One discovery request per apiVersion at a time; later kinds hit the API object's cache. */
  private readonly versions = new Map<string, Promise<unknown>>();

  constructor(readonly kc: KubeConfig, private readonly requests?: RequestCounter) {
    this.api = kc.makeApiClient(rawObjectApi());
  }

  /** Counts a request about to be sent (a watch passes watch: true). */
  count(path: string, query: Record<string, unknown> = {}): void {
    if (!this.requests) return;
    const info = requestInfoFor('GET', path, query);
    this.requests.add(apiVerb('GET', info.verb, info.resource), info.resource);
  }

  /** Resource of an apiVersion/kind; undefined when the server does not serve it (yet). */
  resolve(apiVersion: string, kind: string): Promise<ResourceInfo | undefined> {
    const key = `${apiVersion}/${kind}`;
    let found = this.resources.get(key);
    if (!found) {
      const previous = this.versions.get(apiVersion) ?? Promise.resolve();
      // A group-version the server does not serve (yet) answers 404: not served, not an error.
      const lookup = previous.catch(() => undefined).then(() => this.lookup(apiVersion, kind))
        .catch((err) => { if ((err as { code?: number }).code === 404) return undefined; throw err; });
      this.versions.set(apiVersion, lookup.catch(() => undefined));
      found = lookup.then((r) =>
        r ? { base: apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`, plural: r.name, namespaced: r.namespaced } : undefined,
      );
      // Do not cache misses or errors: a CRD may become established during the run.
      found.then((r) => (r ? undefined : this.resources.delete(key)), () => this.resources.delete(key));
      this.resources.set(key, found);
    }
    return found;
  }

  // client-node asks the server for an apiVersion's resources once, then answers from its cache.
  private readonly discovered = new Set<string>();

  private lookup(apiVersion: string, kind: string) {
    if (!this.discovered.has(apiVersion)) this.count(apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`);
    return this.api.lookup(apiVersion, kind).then((r) => { this.discovered.add(apiVersion); return r; });
  }

  /** Collection path, e.g. /apis/apps/v1/namespaces/web/deployments. */
  collectionPath(resource: ResourceInfo, namespace?: string | null): string {
    const ns = resource.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    return `${resource.base}${ns}/${resource.plural}`;
  }

  /** One object as plain JSON. */
  get(path: string): Promise<KObject> {
    this.count(path);
    return this.api.getJson(path, {});
  }

  /** A plain-text subresource, e.g. a pod's log. */
  text(path: string, query: Record<string, string | undefined> = {}): Promise<string> {
    this.count(path);
    return this.api.getJson(path, query, TEXT);
  }

  async list(path: string, query: Record<string, string | undefined> = {}): Promise<ListResult> {
    this.count(path, query);
    const list = await this.api.getJson(path, query);
    // List items come without apiVersion/kind (watch events carry them): restore them from the list's.
    const kind = typeof list.kind === 'string' ? list.kind.replace(/List$/, '') : undefined;
    const items: KObject[] = (list.items ?? []).map((item: KObject) => ({ apiVersion: list.apiVersion, kind, ...item }));
    return { items, resourceVersion: list.metadata?.resourceVersion ?? '' };
  }
}
