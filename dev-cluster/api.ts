import { request } from 'node:https';
import { readFileSync } from 'node:fs';

/**
 * A minimal HTTPS client for the dev cluster's own bootstrap (readiness, nodes, storage class).
 * The supervisor avoids @kubernetes/client-node so `kapstan dev-cluster` stays light to load.
 */
export class DevApi {
  private readonly ca: Buffer;
  private readonly cert: Buffer;
  private readonly key: Buffer;

  constructor(private readonly server: string, tls: { caCert: string; cert: string; key: string }) {
    this.ca = readFileSync(tls.caCert);
    this.cert = readFileSync(tls.cert);
    this.key = readFileSync(tls.key);
  }

  /** Sends one request; resolves with the status and parsed JSON body (or raw text). */
  call(method: string, path: string, body?: unknown, timeoutMs = 5000): Promise<{ status: number; body: any }> {
    const url = new URL(path, this.server);
    const data = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          ca: this.ca,
          cert: this.cert,
          key: this.key,
          timeout: timeoutMs,
          headers: data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {},
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              /* not JSON: keep the text (e.g. /readyz) */
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on('error', reject);
      if (data) req.write(data);
      req.end();
    });
  }

  /** Creates an object; an existing one (409) counts as success so bootstrap can be retried. */
  async create(path: string, obj: unknown): Promise<void> {
    const res = await this.call('POST', path, obj);
    if (res.status >= 300 && res.status !== 409) {
      throw new Error(`POST ${path} failed (${res.status}): ${typeof res.body === 'string' ? res.body : res.body?.message}`);
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns true; throws `describe()`'s message after `timeoutMs`. */
export async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>, describe?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (err) {
      lastErr = err;
    }
    await sleep(100);
  }
  const detail = describe ? `\n${describe()}` : lastErr ? ` (${lastErr instanceof Error ? lastErr.message : String(lastErr)})` : '';
  throw new Error(`timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${what}${detail}`);
}
