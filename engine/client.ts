// The cluster client: credentials come from a kubeconfig through @kubernetes/client-node's
// KubeConfig (contexts, bearer tokens, client certificates, exec plugins); requests go over one
// keep-alive agent so a 1,000-object apply reuses a handful of connections.
import * as http from 'node:http';
import * as https from 'node:https';
import { ApiError, describeApiError, RequestInfo, UsageError } from './errors';
import { backoffDelay, isRetryableError, isRetryableStatus, parseRetryAfter } from './retry';
import { requestInfoFor } from './paths';
import { readKubeconfig } from './kubeconfig';
import { Throttle } from './throttle';
import { apiVerb, RequestCounter } from './request-count';

type KubeConfigT = import('@kubernetes/client-node').KubeConfig;

function loadClientNodeConfig(kubeconfig: string | undefined, context: string): KubeConfigT {
  const { KubeConfig } = require('@kubernetes/client-node') as typeof import('@kubernetes/client-node');
  const kc = new KubeConfig();
  try {
    if (kubeconfig) kc.loadFromFile(kubeconfig);
    else kc.loadFromDefault();
  } catch (err) {
    throw new UsageError(`cannot read kubeconfig ${kubeconfig ?? process.env.KUBECONFIG ?? '~/.kube/config'}: ${(err as Error).message}`);
  }
  if (!kc.getContextObject(context)) {
    const known = kc.getContexts().map((c) => c.name).join(', ') || 'none';
    throw new UsageError(`kube context "${context}" is not in the kubeconfig (known: ${known})`);
  }
  kc.setCurrentContext(context);
  return kc;
}

export interface ConnectOptions {
  /** Path to a kubeconfig; default: $KUBECONFIG or ~/.kube/config. */
  kubeconfig?: string;
  /** Context name; default: the kubeconfig's current context. */
  context?: string;
  /** How long transient failures are retried before giving up (default 90 s). */
  retryBudgetMs?: number;
  /**
   * Until the server has answered once, connection errors are retried only this long (default
   * 3 s): an unreachable cluster fails at once, as kubectl does, while an API server restarting
   * in the middle of a run still gets the full budget.
   */
  firstContactBudgetMs?: number;
  /** Parallel connections to the API server (default 32). */
  maxSockets?: number;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  /** Overrides the verb/resource derived from the path (for messages). */
  info?: Partial<RequestInfo>;
  /** Statuses that resolve to `undefined` instead of throwing (e.g. 404 on a read). */
  allow?: number[];
  /** Accept header (default application/json), e.g. for metadata-only lists. */
  accept?: string;
}

export type RetryListener = (info: RequestInfo, attempt: number, reason: string, delayMs: number) => void;

export class KubeClient {
  onRetry?: RetryListener;
  /** Sees every successful response body (the session registers live Secret values with it). */
  onBody?: (body: any) => void;
  private headers: Record<string, string> = {};
  private headersAt = 0;
  private kcCache?: KubeConfigT;
  private readonly throttle = new Throttle();
  /** Every request this client sent (the tracker adds its lists and watches to the same count). */
  readonly requests = new RequestCounter();
  /** The server has answered at least once (any HTTP status). */
  private reached = false;
  firstContactBudgetMs = 3_000;
  /** The kubeconfig's name for the cluster (prompts name it). */
  clusterName?: string;

  private constructor(
    private readonly loadKc: () => KubeConfigT,
    readonly contextName: string,
    readonly server: URL,
    private readonly agent: http.Agent,
    private readonly refreshAuth: () => Promise<Record<string, string>>,
    private readonly retryBudgetMs: number,
  ) {}

  static async connect(opts: ConnectOptions = {}): Promise<KubeClient> {
    const plain = readKubeconfig(opts.kubeconfig, opts.context);
    const agentOpts = { keepAlive: true, maxSockets: opts.maxSockets ?? 32 };
    const loadKc = () => loadClientNodeConfig(opts.kubeconfig, plain.context);
    if (!plain.needsClientNode) {
      const server = new URL(plain.server);
      const agent = server.protocol === 'http:' ? new http.Agent(agentOpts) : new https.Agent({
        ...agentOpts, ca: plain.ca, cert: plain.cert, key: plain.key,
        rejectUnauthorized: !plain.insecure, servername: plain.servername,
      });
      const headers = plain.headers;
      const client = new KubeClient(loadKc, plain.context, server, agent, async () => headers, opts.retryBudgetMs ?? 90_000);
      if (opts.firstContactBudgetMs !== undefined) client.firstContactBudgetMs = opts.firstContactBudgetMs;
      client.clusterName = plain.cluster;
      client.headers = headers;
      client.headersAt = Date.now();
      return client;
    }
    const kc = loadKc();
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new UsageError('no kube context selected: pass --context or set current-context in the kubeconfig');
    const tls: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(tls);
    const server = new URL(cluster.server);
    const agent = server.protocol === 'http:'
      ? new http.Agent(agentOpts)
      : new https.Agent({
          ...agentOpts,
          ca: tls.ca, cert: tls.cert, key: tls.key, pfx: tls.pfx, passphrase: tls.passphrase,
          rejectUnauthorized: cluster.skipTLSVerify ? false : tls.rejectUnauthorized,
          servername: cluster.tlsServerName ?? tls.servername,
        });
    const refreshAuth = async () => {
      const o: https.RequestOptions = {};
      await kc.applyToHTTPSOptions(o); // runs exec plugins / token files (they cache by expiry)
      const h: Record<string, string> = {};
      for (const [k, v] of Object.entries(o.headers ?? {})) h[k] = String(v);
      if (o.auth) h.Authorization = `Basic ${Buffer.from(o.auth).toString('base64')}`;
      return h;
    };
    const client = new KubeClient(() => kc, kc.getCurrentContext(), server, agent, refreshAuth, opts.retryBudgetMs ?? 90_000);
    if (opts.firstContactBudgetMs !== undefined) client.firstContactBudgetMs = opts.firstContactBudgetMs;
    client.clusterName = cluster.name;
    client.headers = await refreshAuth();
    client.headersAt = Date.now();
    return client;
  }

  /** client-node's KubeConfig for the same context (loaded on first use: the tracker needs it). */
  get kc(): KubeConfigT {
    this.kcCache ??= this.loadKc();
    return this.kcCache;
  }

  close(): void {
    this.agent.destroy();
  }

  async request<T = any>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    return (await this.exchange(method, path, opts)).body as T;
  }

  /** Like request, but also returns the HTTP status (e.g. 201 Created vs 200). */
  async exchange(method: string, path: string, opts: RequestOptions = {}): Promise<{ status: number; body: any }> {
    const raw = requestInfoFor(method, path, opts.query);
    const info = { ...raw, ...opts.info };
    const counted = opts.contentType?.startsWith('application/apply-patch') ? 'APPLY' : apiVerb(method, raw.verb, raw.resource);
    const started = Date.now();
    let authRetried = false;
    for (let attempt = 1; ; attempt++) {
      let delay: number | undefined;
      let reason: string;
      try {
        const res = await this.throttle.run(() => {
          this.requests.add(counted, raw.resource);
          return this.once(method, path, opts);
        }, (r) => r.status === 429);
        this.reached = true;
        if (res.status < 300) {
          if (this.onBody && res.body && typeof res.body === 'object') this.onBody(res.body);
          return res;
        }
        if (opts.allow?.includes(res.status)) return { status: res.status, body: undefined };
        if (res.status === 401 && !authRetried) {
          authRetried = true; // an expired exec/token credential: refresh once
          this.headersAt = 0;
          attempt--;
          continue;
        }
        if (!isRetryableStatus(res.status) || isPermanent500(res.body)) {
          throw new ApiError(describeApiError(res.status, res.body, info), res.status, res.body?.reason, info, res.body);
        }
        delay = parseRetryAfter(res.retryAfter);
        // Status objects carry a message; some refusals (APF's 429) are a line of plain text.
        const said = typeof res.body === 'string' ? res.body.trim().split('\n')[0].slice(0, 200) : res.body?.message;
        reason = `HTTP ${res.status}${said ? `: ${said}` : ''}`;
        if (Date.now() - started > this.retryBudgetMs) {
          throw new ApiError(describeApiError(res.status, res.body, info), res.status, res.body?.reason, info, res.body);
        }
      } catch (err) {
        if (err instanceof ApiError || !isRetryableError(err)) throw err;
        reason = (err as Error).message || String((err as any).code);
        if (!this.reached && Date.now() - started > this.firstContactBudgetMs) {
          throw new Error(`cannot reach the API server ${this.server.origin} of kube context "${this.contextName}" (${reason}); is the cluster running, and is this the right context?`);
        }
        if (Date.now() - started > this.retryBudgetMs) {
          throw new Error(`${info.verb} ${info.resource}: cannot reach the API server at ${this.server.origin} (${reason})`);
        }
      }
      const wait = Math.min(delay ?? backoffDelay(attempt, { baseMs: 200, maxMs: 5000 }), 30_000);
      this.onRetry?.(info, attempt, reason, wait);
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  /** Lists a collection, following `continue` tokens. */
  async list(path: string, query: Record<string, string | number | undefined> = {}, opts: { metadataOnly?: boolean } = {}): Promise<any[]> {
    const items: any[] = [];
    let cont: string | undefined;
    const accept = opts.metadataOnly ? 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json' : undefined;
    do {
      const page = await this.request('GET', path, { query: { ...query, limit: 500, continue: cont }, accept });
      for (const it of page.items ?? []) items.push(it);
      cont = page.metadata?.continue || undefined;
    } while (cont);
    return items;
  }

  private async authHeaders(): Promise<Record<string, string>> {
    if (Date.now() - this.headersAt > 60_000) {
      this.headers = await this.refreshAuth();
      this.headersAt = Date.now();
    }
    return this.headers;
  }

  private async once(method: string, path: string, opts: RequestOptions): Promise<{ status: number; body: any; retryAfter?: string }> {
    const url = new URL(path, this.server);
    if (this.server.pathname !== '/' && !path.startsWith(this.server.pathname)) {
      url.pathname = this.server.pathname.replace(/\/$/, '') + path;
    }
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const payload = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
    const headers: Record<string, string | number> = { ...(await this.authHeaders()), Accept: opts.accept ?? 'application/json' };
    if (payload) {
      headers['Content-Type'] = opts.contentType ?? 'application/json';
      headers['Content-Length'] = payload.length;
    }
    const mod = url.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      const req = mod.request(url, { method, headers, agent: this.agent, timeout: 120_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: any = text;
          try { body = text ? JSON.parse(text) : undefined; } catch { /* keep text */ }
          resolve({ status: res.statusCode ?? 0, body, retryAfter: res.headers['retry-after'] as string | undefined });
        });
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }
}

// A 500 caused by an admission webhook or a validation bug will not heal by retrying. Server-side
// apply answers 500 when the object does not fit its schema ("failed to create typed patch
// object ...: .stringDatx: field not declared in schema", ".data.k: expected string, got ..."):
// the request itself is wrong.
export function isPermanent500(body: any): boolean {
  return body?.code === 500 && /admission webhook|failed calling webhook|failed to create typed (patch|live) object|field not declared in schema|expected \w+, got /
    .test(String(body?.message ?? ''));
}
