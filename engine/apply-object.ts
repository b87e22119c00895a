// Server-side apply of one object, with the conflict and immutable-field errors explained.
import type { KubeClient } from './client';
import { ApiError } from './errors';
import { FIELD_MANAGER } from './noop';
import { objectPath } from './paths';
import type { Target } from './targets';

export interface ApplyObjectOptions {
  force?: boolean;
  dryRun?: boolean;
  /** Delete and recreate when the API server refuses an immutable-field change. */
  replace?: boolean;
  /**
   * The kind comes from a CRD established moments ago in this apply: the API server may answer 404
   * until its handler for the new kind catches up, so a 404 is retried for a while.
   */
  newKind?: boolean;
}

const NEW_KIND_RETRY_MS = 10_000;

export type ApplyAction = 'created' | 'configured' | 'unchanged' | 'replaced';

export interface ApplyObjectResult {
  action: ApplyAction;
  object: any;
}

export class ObjectError extends Error {
  constructor(message: string, readonly target: Target, readonly cause?: unknown) {
    super(message);
  }
}

export function applyPath(t: Target): string {
  return objectPath(t.type, t.manifest.metadata.name, t.manifest.metadata.namespace);
}

export async function applyObject(client: KubeClient, t: Target, opts: ApplyObjectOptions, liveRv?: string): Promise<ApplyObjectResult> {
  try {
    const res = await ssa(client, t, opts);
    if (res.status === 201) return { action: 'created', object: res.body };
    const rv = res.body?.metadata?.resourceVersion;
    return { action: liveRv && rv === liveRv ? 'unchanged' : 'configured', object: res.body };
  } catch (err) {
    if (!(err instanceof ApiError)) throw new ObjectError(`${t.label}: ${(err as Error).message}`, t, err);
    if (err.status === 409 && err.reason === 'Conflict') throw new ObjectError(conflictMessage(t, err.body), t, err);
    if (isImmutableError(err)) {
      if (!opts.replace) throw new ObjectError(immutableMessage(t, err.body), t, err);
      if (opts.dryRun) return { action: 'replaced', object: t.manifest };
      await deleteAndWait(client, t);
      const res = await ssa(client, t, opts);
      return { action: 'replaced', object: res.body };
    }
    throw new ObjectError(`${t.label} (${t.path}): ${err.body?.message ?? err.message}`, t, err);
  }
}

async function ssa(client: KubeClient, t: Target, opts: ApplyObjectOptions) {
  const deadline = Date.now() + NEW_KIND_RETRY_MS;
  for (let delay = 100; ; delay = Math.min(delay * 2, 1000)) {
    try {
      return await ssaOnce(client, t, opts);
    } catch (err) {
      if (!opts.newKind || !(err instanceof ApiError) || err.status !== 404 || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

function ssaOnce(client: KubeClient, t: Target, opts: ApplyObjectOptions) {
  return client.exchange('PATCH', applyPath(t), {
    body: t.manifest,
    contentType: 'application/apply-patch+yaml',
    query: { fieldManager: FIELD_MANAGER, force: opts.force ? true : undefined, dryRun: opts.dryRun ? 'All' : undefined, fieldValidation: 'Strict' },
  });
}

/** "Apply failed with 1 conflict: conflict with "kubectl" using apps/v1: .spec.replicas" → named fields and managers. */
export function conflictMessage(t: Target, body: any): string {
  const causes: any[] = body?.details?.causes ?? [];
  const byManager = new Map<string, string[]>();
  for (const c of causes) {
    const m = /conflict with "([^"]+)"/.exec(String(c.message ?? ''));
    const manager = m?.[1] ?? 'another manager';
    if (!byManager.has(manager)) byManager.set(manager, []);
    byManager.get(manager)!.push(String(c.field ?? '?'));
  }
  const parts = [...byManager.entries()].map(([m, f]) => `${f.join(', ')} (owned by field manager "${m}")`);
  const what = parts.length ? parts.join('; ') : String(body?.message ?? 'conflicting fields');
  return `${t.label} (${t.path}): conflict: ${what}. Another tool changed these fields; ` +
    'rerun with --force-conflicts to take ownership, or stop setting them in the stack.';
}

export function isImmutableError(err: ApiError): boolean {
  if (err.status !== 422) return false;
  const text = [err.body?.message, ...(err.body?.details?.causes ?? []).map((c: any) => c.message)].join(' ');
  return /field is immutable|is immutable|updates to \w+ spec for fields other than|Forbidden: .*may not be changed/i.test(text);
}

export function immutableMessage(t: Target, body: any): string {
  const causes: any[] = body?.details?.causes ?? [];
  const fields = [...new Set(causes.map((c) => c.field).filter(Boolean))];
  const what = fields.length ? `field${fields.length > 1 ? 's' : ''} ${fields.join(', ')} cannot be changed in place` : 'the change touches fields that cannot be changed in place';
  return `${t.label} (${t.path}): ${what} (the API server said: ${body?.message ?? 'immutable'}). ` +
    'Fix: rerun with --replace to delete and recreate this object (its pods are restarted, a Job runs again), ' +
    'or give the object a new name.';
}

async function deleteAndWait(client: KubeClient, t: Target): Promise<void> {
  const path = applyPath(t);
  await client.request('DELETE', path, { body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground' }, allow: [404] });
  for (let i = 0, delay = 100; ; i++, delay = Math.min(delay * 2, 2000)) {
    const live = await client.request('GET', path, { allow: [404] });
    if (!live) return;
    if (i > 200) throw new ObjectError(`${t.label}: still being deleted; cannot recreate it yet`, t);
    await new Promise((r) => setTimeout(r, delay));
  }
}
