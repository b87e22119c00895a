// `diff`: server-side dry-run of each object that may change, compared with the live object.
// Objects proven unchanged by the plan (owned fields match) need no request at all.
import type { RequestCounts } from './request-count';
import pLimit from 'p-limit';
import { applyObject, applyPath, ObjectError } from './apply-object';
import { isProtected } from './applyset';
import { findHooks } from './apply-phases/hooks';
import { findForeign } from './ownership';
import { makePlan } from './plan';
import { objLabel } from './prune';
import { differs, objectDiff } from './render-diff';
import type { Session } from './session';

export interface DiffOptions {
  force?: boolean;
  /** Count members that left the set as differences (as `apply --prune` would delete them). */
  prune?: boolean;
  pruneProtected?: boolean;
  /** Dry-run declared objects of another owner as apply --adopt would write them. */
  adopt?: boolean;
}

export interface DiffSummary {
  type: 'summary';
  command: 'diff';
  stack: string;
  namespace: string;
  toCreate: number;
  toUpdate: number;
  toPrune: number;
  /** Declared objects that belong to another owner: apply refuses them unless --adopt. */
  toAdopt: number;
  unchanged: number;
  /** Helm hook objects: not diffed; they run on the next apply that changes something else. */
  hooks: number;
  errors: string[];
  objects: { kind: string; namespace?: string; name: string; action: 'create' | 'update' | 'prune' | 'unchanged' | 'error' | 'hook' }[];
  /** Requests sent to the API server by this run. */
  requests?: RequestCounts;
}

export async function diffStack(s: Session, opts: DiffOptions = {}): Promise<DiffSummary> {
  const { out } = s;
  const plan = await makePlan(s);
  const sum: DiffSummary = { type: 'summary', command: 'diff', stack: s.source.stack, namespace: s.namespace, toCreate: 0, toUpdate: 0, toPrune: 0, toAdopt: 0, unchanged: 0, hooks: 0, errors: [], objects: [] };
  const add = (kind: string, namespace: string | undefined, name: string, action: DiffSummary['objects'][number]['action'], diffText?: string) => {
    sum.objects.push({ kind, namespace, name, action });
    if (action === 'create') sum.toCreate++;
    else if (action === 'update') sum.toUpdate++;
    else if (action === 'prune') sum.toPrune++;
    else if (action === 'unchanged') sum.unchanged++;
    else if (action === 'hook') sum.hooks++;
    if (diffText !== undefined) {
      if (out.mode === 'json') out.event({ type: 'diff', kind, namespace, name, action, diff: diffText });
      else out.write(diffText + '\n');
    }
  };
  const foreign = await findForeign(s, plan.entries);
  // Foreign objects are dry-run as --adopt would write them, so the diff shows the takeover.
  const adopting = new Set(foreign.map((f) => f.entry.target.key));
  for (const f of foreign) {
    const m = f.entry.target.manifest;
    sum.toAdopt++;
    out.event({ type: 'adopt', kind: m.kind, namespace: m.metadata.namespace, name: m.metadata.name, owner: f.owner },
      `${f.entry.target.label} exists and belongs to ${f.owner}: ${opts.adopt ? 'would be adopted' : 'apply refuses it; apply --adopt would take it over'}`);
  }
  // A hook (deleted after it ran, or run again by before-hook-creation) is no difference: apply
  // runs hooks only when something else changes.
  const hooks = findHooks(plan.entries);
  const limit = pLimit(s.concurrency);
  // Keep the per-object diffs in apply order even though they are computed concurrently.
  const results = await Promise.all(plan.entries.map((e) => limit(async () => {
    const m = e.target.manifest;
    if (hooks.has(e.target.key)) return () => add(m.kind, m.metadata.namespace, m.metadata.name, 'hook');
    if (e.unchanged) return () => add(m.kind, m.metadata.namespace, m.metadata.name, 'unchanged');
    try {
      const live = e.live ?? (s.discovery.isPendingCrdKind(m.apiVersion, m.kind) ? undefined
        : await s.client.request('GET', applyPath(e.target), { allow: [404] }));
      let after: any;
      try {
        after = (await applyObject(s.client, e.target, { dryRun: true, force: opts.force || adopting.has(e.target.key) })).object;
      } catch (err) {
        // A new object whose namespace or CRD is created by this same apply cannot be dry-run yet.
        if (live) throw err;
        after = m;
      }
      const action = !live ? 'create' : differs(live, after) ? 'update' : 'unchanged';
      const text = action === 'unchanged' ? undefined : objectDiff(e.target.label, live, after, out.color);
      return () => add(m.kind, m.metadata.namespace, m.metadata.name, action, text);
    } catch (err) {
      const msg = err instanceof ObjectError ? err.message : `${e.target.label}: ${(err as Error).message}`;
      return () => { sum.errors.push(msg); add(m.kind, m.metadata.namespace, m.metadata.name, 'error'); out.error(msg); };
    }
  })));
  for (const r of results) r();
  for (const o of plan.orphans) {
    const protectedObj = !opts.pruneProtected && isProtected({ ...o.obj, kind: o.type.kind });
    if (!opts.prune || protectedObj) {
      out.line(`${objLabel(o)} is no longer in the stack${protectedObj ? ' (protected: kept)' : ' (deleted by apply --prune)'}`);
      continue;
    }
    add(o.type.kind, o.obj.metadata.namespace, o.obj.metadata.name, 'prune', objectDiff(objLabel(o), o.obj, undefined, out.color));
  }
  const line = `to create: ${sum.toCreate}, to update: ${sum.toUpdate}, to prune: ${sum.toPrune}, unchanged: ${sum.unchanged}` +
    (sum.toAdopt ? `, to adopt: ${sum.toAdopt}` : '') +
    (sum.hooks ? `, Helm hooks: ${sum.hooks} (run by an apply that changes something)` : '') +
    (sum.errors.length ? `, errors: ${sum.errors.length}` : '');
  sum.requests = s.client.requests.snapshot();
  out.event(sum as unknown as Record<string, unknown>, line);
  return sum;
}

/** kubectl diff's exit codes: 0 no differences, 1 differences, 2 error. */
export function diffExitCode(sum: DiffSummary): number {
  if (sum.errors.length) return 2;
  return sum.toCreate + sum.toUpdate + sum.toPrune + sum.toAdopt > 0 ? 1 : 0;
}
