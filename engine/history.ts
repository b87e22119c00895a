// Revisions: each apply stores its desired manifests (gzip, base64) in a Secret in the stack
// namespace, with number, time, outcome and kapstan version. Large sets are split across parts
// so no object nears the 1 MiB limit; only the newest `max` revisions are kept.
import { createHash, randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { KubeClient } from './client';
import { stackSlug } from './applyset';
import type { DesiredObject } from './source';
import { KAPSTAN_VERSION as VERSION } from '../version';

export const LABEL_HISTORY = 'kapstan.io/history';
export const LABEL_REVISION = 'kapstan.io/revision';
export const LABEL_PART = 'kapstan.io/history-part';
const ANN = {
  time: 'kapstan.io/time', outcome: 'kapstan.io/outcome', version: 'kapstan.io/version',
  objects: 'kapstan.io/objects', parts: 'kapstan.io/parts', note: 'kapstan.io/note', digest: 'kapstan.io/digest',
  run: 'kapstan.io/run', stack: 'kapstan.io/stack',
};
/** Bytes of compressed data per Secret: well under the 1 MiB object limit after base64 (4/3). */
export const PART_BYTES = 700 * 1024;

/**
 * `pending` while being applied (it stays so when the process died); `applied`: written but the
 * rollout was not waited for (--no-wait, or interrupted), until `kapstan status` verifies it.
 */
export type Outcome = 'pending' | 'applied' | 'succeeded' | 'failed' | 'rolled-back';

export interface Revision {
  revision: number;
  time: string;
  outcome: Outcome;
  version: string;
  objects: number;
  note?: string;
  name: string;
  /** sha256 of the desired objects, to recognise a re-apply of the same set. */
  digest?: string;
}

export interface RevisionPayload {
  stack: string;
  namespace: string;
  objects: DesiredObject[];
}

const secrets = (ns: string) => `/api/v1/namespaces/${encodeURIComponent(ns)}/secrets`;

export function revisionName(stack: string, n: number, part?: number): string {
  return `kapstan-history-${stackSlug(stack)}-v${n}${part === undefined ? '' : `-p${part}`}`;
}

/** Compresses a payload and splits it into chunks of at most `partBytes`. */
export function encodePayload(p: RevisionPayload, partBytes = PART_BYTES): Buffer[] {
  const gz = gzipSync(Buffer.from(JSON.stringify(p)), { level: 9 });
  const chunks: Buffer[] = [];
  for (let i = 0; i < gz.length; i += partBytes) chunks.push(gz.subarray(i, i + partBytes));
  return chunks.length ? chunks : [gz];
}

export function decodePayload(chunks: Buffer[]): RevisionPayload {
  return JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8'));
}

function toRevision(s: any): Revision {
  const a = s.metadata.annotations ?? {};
  return {
    revision: Number(s.metadata.labels[LABEL_REVISION]), time: a[ANN.time], outcome: a[ANN.outcome],
    version: a[ANN.version], objects: Number(a[ANN.objects] ?? 0), note: a[ANN.note] || undefined, name: s.metadata.name,
    digest: a[ANN.digest] || undefined,
  };
}

export async function listRevisions(client: KubeClient, namespace: string, stack: string): Promise<Revision[]> {
  // Metadata only: the payloads can be large and are not needed to list revisions.
  const items = await client.list(secrets(namespace), { labelSelector: `${LABEL_HISTORY}=${stackSlug(stack)},!${LABEL_PART}` }, { metadataOnly: true })
    .catch((err) => { if (err?.status === 404) return []; throw err; });
  return items.map(toRevision).filter((r) => Number.isFinite(r.revision)).sort((a, b) => a.revision - b.revision);
}

export function payloadDigest(p: RevisionPayload): string {
  return createHash('sha256').update(JSON.stringify(p.objects)).digest('hex');
}

export async function recordRevision(client: KubeClient, namespace: string, payload: RevisionPayload, note?: string, existing?: Revision[]): Promise<Revision> {
  existing ??= await listRevisions(client, namespace, payload.stack);
  const chunks = encodePayload(payload);
  // Identifies this run's Secrets: a retried create that finds its own earlier attempt replaces
  // it; one that finds another run's revision takes the next number instead of overwriting it.
  const run = randomUUID();
  for (let n = (existing.at(-1)?.revision ?? 0) + 1; ; n++) {
    const rev = await tryRecord(client, namespace, payload, chunks, n, run, note);
    if (rev) return rev;
  }
}

async function tryRecord(client: KubeClient, namespace: string, payload: RevisionPayload, chunks: Buffer[], n: number, run: string, note?: string): Promise<Revision | undefined> {
  const labels = (part?: number) => ({
    [LABEL_HISTORY]: stackSlug(payload.stack), [LABEL_REVISION]: String(n), 'app.kubernetes.io/managed-by': 'kapstan',
    ...(part === undefined ? {} : { [LABEL_PART]: String(part) }),
  });
  // Extra parts first, so the main Secret never points at parts that do not exist.
  for (let i = 1; i < chunks.length; i++) {
    const ok = await create(client, namespace, run, { metadata: { name: revisionName(payload.stack, n, i), labels: labels(i) }, data: { payload: chunks[i].toString('base64') } });
    if (!ok) return undefined;
  }
  const time = new Date().toISOString();
  const main = {
    metadata: {
      name: revisionName(payload.stack, n), labels: labels(),
      annotations: { [ANN.time]: time, [ANN.outcome]: 'pending', [ANN.version]: VERSION, [ANN.objects]: String(payload.objects.length), [ANN.parts]: String(chunks.length), [ANN.note]: note ?? '', [ANN.digest]: payloadDigest(payload), [ANN.stack]: payload.stack },
    },
    data: { payload: chunks[0].toString('base64') },
  };
  if (!(await create(client, namespace, run, main))) return undefined;
  return { revision: n, time, outcome: 'pending', version: VERSION, objects: payload.objects.length, note, name: main.metadata.name, digest: payloadDigest(payload) };
}

/** Creates a revision Secret; false when the name is taken by another run's revision. */
async function create(client: KubeClient, namespace: string, run: string, s: any): Promise<boolean> {
  s.metadata.annotations = { ...(s.metadata.annotations ?? {}), [ANN.run]: run };
  const body = { apiVersion: 'v1', kind: 'Secret', type: 'kapstan.io/revision', immutable: false, ...s };
  const res = await client.request('POST', secrets(namespace), { body, allow: [409] });
  if (res !== undefined) return true;
  const live = await client.request('GET', `${secrets(namespace)}/${s.metadata.name}`, { allow: [404] });
  if (live?.metadata?.annotations?.[ANN.run] !== run) return false;
  await client.request('PUT', `${secrets(namespace)}/${s.metadata.name}`, { body: { ...body, metadata: { ...body.metadata, resourceVersion: live.metadata.resourceVersion } } });
  return true;
}

export async function setOutcome(client: KubeClient, namespace: string, rev: Revision, outcome: Outcome): Promise<void> {
  await client.request('PATCH', `${secrets(namespace)}/${rev.name}`, {
    body: { metadata: { annotations: { [ANN.outcome]: outcome } } }, contentType: 'application/merge-patch+json',
  });
  rev.outcome = outcome;
}

export async function readRevision(client: KubeClient, namespace: string, stack: string, n: number): Promise<RevisionPayload> {
  const main = await client.request('GET', `${secrets(namespace)}/${revisionName(stack, n)}`, { allow: [404] });
  if (!main) throw new Error(`revision ${n} of stack ${stack} does not exist (see \`kapstan history\`)`);
  const parts = Number(main.metadata.annotations?.[ANN.parts] ?? 1);
  const chunks = [Buffer.from(main.data.payload, 'base64')];
  for (let i = 1; i < parts; i++) {
    const p = await client.request('GET', `${secrets(namespace)}/${revisionName(stack, n, i)}`);
    chunks.push(Buffer.from(p.data.payload, 'base64'));
  }
  return decodePayload(chunks);
}

/** Deletes revisions beyond the newest `max` (with their parts). */
export async function trimHistory(client: KubeClient, namespace: string, stack: string, max: number, revs?: Revision[]): Promise<number> {
  revs ??= await listRevisions(client, namespace, stack);
  const old = revs.slice(0, Math.max(0, revs.length - max));
  for (const r of old) {
    await client.request('DELETE', secrets(namespace), {
      query: { labelSelector: `${LABEL_HISTORY}=${stackSlug(stack)},${LABEL_REVISION}=${r.revision}` },
    });
  }
  return old.length;
}

/** Deletes every revision of the stack (destroy). */
export async function deleteHistory(client: KubeClient, namespace: string, stack: string): Promise<void> {
  await client.request('DELETE', secrets(namespace), { query: { labelSelector: `${LABEL_HISTORY}=${stackSlug(stack)}` }, allow: [404] });
}

/**
 * Copies the revisions Kapstan 0.1 recorded under a shortened stack name (`legacySlug`) to this
 * stack's names, once, keeping their numbers, times and outcomes. Stacks whose names began alike
 * shared that name: a revision is copied only when its payload names this very stack.
 */
export async function migrateHistory(client: KubeClient, namespace: string, stack: string, legacySlug: string): Promise<number> {
  if (legacySlug === stackSlug(stack)) return 0;
  const old = await client.list(secrets(namespace), { labelSelector: `${LABEL_HISTORY}=${legacySlug},!${LABEL_PART}` });
  const have = new Set((await listRevisions(client, namespace, stack)).map((r) => r.revision));
  let copied = 0;
  for (const main of old) {
    const n = Number(main.metadata.labels?.[LABEL_REVISION]);
    if (!Number.isFinite(n) || have.has(n)) continue;
    const parts = Number(main.metadata.annotations?.[ANN.parts] ?? 1);
    const chunks = [Buffer.from(main.data.payload, 'base64')];
    for (let i = 1; i < parts; i++) {
      const p = await client.request('GET', `${secrets(namespace)}/kapstan-history-${legacySlug}-v${n}-p${i}`);
      chunks.push(Buffer.from(p.data.payload, 'base64'));
    }
    if (decodePayload(chunks).stack !== stack) continue;
    const labels = (part?: number) => ({
      [LABEL_HISTORY]: stackSlug(stack), [LABEL_REVISION]: String(n), 'app.kubernetes.io/managed-by': 'kapstan',
      ...(part === undefined ? {} : { [LABEL_PART]: String(part) }),
    });
    const put = (name: string, l: Record<string, string>, data: string, annotations?: Record<string, string>) => client.request('POST', secrets(namespace), {
      body: { apiVersion: 'v1', kind: 'Secret', type: 'kapstan.io/revision', metadata: { name, labels: l, ...(annotations ? { annotations } : {}) }, data: { payload: data } },
      allow: [409],
    });
    for (let i = 1; i < parts; i++) await put(revisionName(stack, n, i), labels(i), chunks[i].toString('base64'));
    await put(revisionName(stack, n), labels(), main.data.payload, { ...main.metadata.annotations, [ANN.stack]: stack });
    copied++;
  }
  return copied;
}
