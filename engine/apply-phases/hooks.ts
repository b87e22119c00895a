// Helm hooks as phases of the apply (helm/README.md has the mapping): objects annotated
// `helm.sh/hook` are not applied with their group; pre-* hooks run after the namespaces and CRDs and
// before every other group, post-* hooks after the rollout (after the apply with --no-wait), one at
// a time in `helm.sh/hook-weight` order, Jobs and Pods waited for until they finish, and
// `helm.sh/hook-delete-policy` honoured. The release event is install on a stack's first revision,
// upgrade afterwards, rollback for `kapstan rollback` (always); a re-apply that changes nothing runs none.
import { hookOf, type HookSpec } from '../../helm/hooks';
import { applyObject, applyPath, ObjectError } from '../apply-object';
import { LABEL_PART_OF } from '../applyset';
import { interruptSignal } from '../interrupt';
import { kindRank } from '../../synth/kinds';
import { groupRank } from '../order';
import type { PlanEntry } from '../plan';
import type { Target } from '../targets';
import type { ApplyPhase, ApplyRun } from './run';

export interface HookEntry {
  entry: PlanEntry;
  spec: HookSpec;
}

/** Kinds a hook is waited for, as Helm waits: until it finished (Complete/Succeeded) or failed. */
const WAITED_KINDS = new Set(['Job', 'Pod']);

/** The hook objects of the plan, by key. Bad hook annotations fail here, before any write. */
export function findHooks(entries: PlanEntry[]): Map<string, HookEntry> {
  const hooks = new Map<string, HookEntry>();
  for (const entry of entries) {
    let spec: HookSpec | undefined;
    try {
      spec = hookOf(entry.target.manifest);
    } catch (e) {
      throw new ObjectError(`${entry.target.label}: ${(e as Error).message}`, entry.target, e);
    }
    if (spec) hooks.set(entry.target.key, { entry, spec });
  }
  return hooks;
}

/** Phase: which objects are hooks, and which release event (if any) this run fires. */
export const planHooks: ApplyPhase = {
  name: 'plan hooks',
  async run(r) {
    r.hooks = findHooks(r.plan.entries);
    if (r.hooks.size === 0) return;
    const changing = r.plan.entries.some((e) => !r.hooks!.has(e.target.key) && !e.unchanged);
    const revisions = await r.revisionsP.catch(() => []);
    r.hookEvent = r.command === 'rollback' ? 'rollback' : revisions.length === 0 ? 'install' : 'upgrade';
    // A rollback is asked for explicitly: its hooks run even when the objects are already as the revision has them.
    if (!changing && revisions.length > 0 && r.hookEvent !== 'rollback') {
      r.hookEvent = undefined;
      if (r.s.out.mode === 'text') r.s.out.note(`${r.hooks.size} Helm hook(s) not run: nothing else changes`);
    }
  },
};

/** The hooks of `pre-<event>` or `post-<event>`, in the order Helm runs them: weight, kind, name. */
export function hooksFor(hooks: Iterable<HookEntry>, when: 'pre' | 'post', event: string): HookEntry[] {
  const wanted = `${when}-${event}`;
  return [...hooks]
    .filter((h) => h.spec.events.includes(wanted))
    .sort((a, b) => a.spec.weight - b.spec.weight
      || groupRank(a.entry.target.group) - groupRank(b.entry.target.group)
      || kindRank(a.entry.target.manifest.kind) - kindRank(b.entry.target.manifest.kind)
      || (a.entry.target.manifest.metadata.name < b.entry.target.manifest.metadata.name ? -1 : 1));
}

/** Runs the pre- or post- hooks of this run's event; false when one failed (the run then fails). */
export async function runHooks(r: ApplyRun, when: 'pre' | 'post'): Promise<boolean> {
  if (!r.hooks || !r.hookEvent) return true;
  const event = `${when}-${r.hookEvent}`;
  for (const hook of hooksFor(r.hooks.values(), when, r.hookEvent)) {
    const error = await runHook(r, hook, event);
    if (error) {
      r.summary.outcome = 'failed';
      r.summary.failed++;
      r.summary.errors.push(error);
      r.s.out.error(error);
      return false;
    }
  }
  return true;
}

async function runHook(r: ApplyRun, hook: HookEntry, event: string): Promise<string | undefined> {
  const { s, opts, summary } = r;
  const t = hook.entry.target;
  const m = t.manifest;
  const policies = hook.spec.deletePolicies;
  const record = (action: string, message: string) => {
    summary.objects.push({ kind: m.kind, namespace: m.metadata.namespace, name: m.metadata.name, action, message });
    s.out.event({ type: 'hook', event, weight: hook.spec.weight, kind: m.kind, namespace: m.metadata.namespace, name: m.metadata.name, action, dryRun: !!opts.dryRun, message },
      `${t.label} ${action}${opts.dryRun ? ' (dry run)' : ''}: ${message}`);
  };
  const what = `${event} hook, weight ${hook.spec.weight}`;
  try {
    if (opts.dryRun) {
      await applyObject(s.client, t, { dryRun: true, force: opts.force || r.adopting.has(t.key) });
      record('created', what);
      summary.created++;
      return undefined;
    }
    if (policies.includes('before-hook-creation')) await deleteIfOurs(r, t, true);
    const res = await applyObject(s.client, t, { force: opts.force || r.adopting.has(t.key) });
    if (res.action === 'created') summary.created++;
    else summary.updated++;
    record(res.action, what);
    if (WAITED_KINDS.has(m.kind)) {
      const failure = m.kind === 'Pod' ? await podFailure(r, t) : await jobFailure(r, t);
      if (failure) {
        if (policies.includes('hook-failed')) await deleteIfOurs(r, t, false);
        return `${t.label} (${what}) failed: ${failure}${policies.includes('hook-failed') ? ' (deleted: hook-failed)' : ''}`;
      }
    }
    if (policies.includes('hook-succeeded')) {
      await deleteIfOurs(r, t, false);
      record('deleted', `${event} hook succeeded (hook-succeeded)`);
    }
    return undefined;
  } catch (err) {
    return err instanceof ObjectError ? `${err.message} (${what})` : `${t.label} (${what}): ${(err as Error).message}`;
  }
}

/** A Job hook, tracked until Complete: why it failed, or undefined (the tracker names the failing pod). */
async function jobFailure(r: ApplyRun, t: Target): Promise<string | undefined> {
  const { s, opts } = r;
  const { trackTargets } = require('../tracking') as typeof import('../tracking');
  const tracked = await trackTargets(s, [t], { timeoutMs: opts.timeoutMs, failFast: opts.failFast, signal: interruptSignal(), crashLoopRestarts: opts.crashLoopRestarts });
  return tracked.ok ? undefined : tracked.errors.join('; ') || 'it did not complete';
}

/**
 * A Pod hook, waited for until it finished as Helm waits (phase Succeeded), not merely until it is
 * ready as the rollout tracker would: why it failed, or undefined.
 */
async function podFailure(r: ApplyRun, t: Target): Promise<string | undefined> {
  const deadline = Date.now() + (r.opts.timeoutMs ?? 300_000);
  for (let delay = 200; ; delay = Math.min(delay * 2, 2000)) {
    const pod = await r.s.client.request('GET', applyPath(t), { allow: [404] });
    const phase = pod?.status?.phase;
    if (phase === 'Succeeded') return undefined;
    if (phase === 'Failed') return `pod failed${pod.status?.reason ? ` (${pod.status.reason})` : ''}${pod.status?.message ? `: ${pod.status.message}` : ''}`;
    if (!pod) return 'the pod was deleted before it finished';
    if (interruptSignal().aborted) return 'interrupted';
    if (Date.now() > deadline) return `not finished after the timeout (phase ${phase ?? 'unknown'})`;
    await new Promise((res) => setTimeout(res, delay));
  }
}

/**
 * Deletes the hook object when it exists and is this stack's (a member of its set, or one this run
 * adopts): never another owner's. Pods of a Job go with it; with `wait`, returns once it is gone.
 */
async function deleteIfOurs(r: ApplyRun, t: Target, wait: boolean): Promise<void> {
  const { client } = r.s;
  const path = applyPath(t);
  const live = await client.request('GET', path, { allow: [404] });
  if (!live) return;
  if (live.metadata?.labels?.[LABEL_PART_OF] !== r.s.inventory.id && !r.adopting.has(t.key)) return;
  await client.request('DELETE', path, {
    body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: wait ? 'Foreground' : 'Background', preconditions: { uid: live.metadata.uid } },
    allow: [404, 409],
  });
  if (!wait) return;
  const deadline = Date.now() + (r.opts.timeoutMs ?? 300_000);
  for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
    const still = await client.request('GET', path, { allow: [404] });
    if (!still || still.metadata?.uid !== live.metadata.uid) return;
    if (Date.now() > deadline) throw new ObjectError(`${t.label}: the previous hook object is still being deleted`, t);
    await new Promise((res) => setTimeout(res, delay));
  }
}

/** Phase: the post-* hooks, once the rollout is Current (right after the apply with --no-wait). */
export const postHooks: ApplyPhase = {
  name: 'post hooks',
  async run(r) {
    if (r.summary.outcome !== 'succeeded') return;
    await runHooks(r, 'post');
  },
};
