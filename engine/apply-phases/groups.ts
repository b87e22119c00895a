// Phase: each apply group in dependency order, the objects of a group concurrently; a failed
// group stops the later ones; CRDs are waited for until Established before their resources.
// Helm hooks are left to the hook phases: the pre-* ones run after the namespaces and CRDs.
import pLimit from 'p-limit';
import { applyObject, ApplyAction, ObjectError } from '../apply-object';
import { waitEstablished } from '../crd';
import { ApiError } from '../errors';
import { interruptReason } from '../interrupt';
import { batchesByGroup } from '../order';
import type { PlanEntry } from '../plan';
import { runHooks } from './hooks';
import type { ApplyPhase, ApplyRun } from './run';

export const applyGroups: ApplyPhase = {
  name: 'apply groups',
  async run(r) {
    const { s, opts, summary, plan } = r;
    const { out } = s;
    const record = recorder(r);
    const limit = pLimit(s.concurrency);
    const entries = plan.entries.filter((e) => !r.hooks?.has(e.target.key));
    let preHooksRun = false;
    const preHooks = async () => {
      preHooksRun = true;
      return runHooks(r, 'pre');
    };
    for (const batch of batchesByGroup(entries, (e) => e.target.group)) {
      if (!preHooksRun && batch.group !== 'namespaces' && batch.group !== 'crds' && !(await preHooks())) break;
      const errors: ObjectError[] = [];
      await Promise.all(batch.items.map((e) => limit(async () => {
        if (e.unchanged) return record(e, 'unchanged');
        // Ctrl-C: writes in flight finish, no new ones start. (A closed output lets the writes
        // finish, so the revision is recorded; only the waiting stops.)
        if (interruptReason() === 'sigint') return;
        try {
          const newKind = !opts.dryRun && s.discovery.isPendingCrdKind(e.target.manifest.apiVersion, e.target.manifest.kind);
          // Adopting takes the object whole: fields the old owner set (Helm's managed-by label) pass to us.
          const adopted = r.adopting.get(e.target.key);
          const res = await applyObject(s.client, e.target, { force: opts.force || !!adopted, dryRun: opts.dryRun, replace: opts.replace, newKind }, e.live?.metadata?.resourceVersion);
          const createdHere = r.nsCreated && e.target.manifest.kind === 'Namespace' && e.target.manifest.metadata.name === s.namespace;
          if (adopted) {
            summary.adopted++;
            opts.onAdopted?.(adopted);
          }
          record(e, createdHere && res.action === 'configured' ? 'created' : res.action, adopted ? `adopted from ${adopted.owner}` : undefined);
        } catch (err) {
          // A dry run cannot create objects inside a namespace that the same apply would create.
          if (opts.dryRun && !e.live && (err as ObjectError).cause instanceof ApiError && ((err as ObjectError).cause as ApiError).status === 404) {
            return record(e, 'created');
          }
          const msg = err instanceof ObjectError ? err.message : `${e.target.label}: ${(err as Error).message}`;
          errors.push(err instanceof ObjectError ? err : new ObjectError(msg, e.target, err));
          summary.errors.push(msg);
          record(e, 'failed');
          out.error(msg);
        }
      })));
      if (interruptReason() === 'sigint') {
        summary.outcome = 'interrupted';
        summary.interruptedIn = 'apply';
        break;
      }
      if (errors.length) {
        summary.outcome = 'failed';
        out.error(`${errors.length} object(s) in group "${batch.group}" failed; later groups were not applied`);
        break;
      }
      if (batch.group === 'crds' && !opts.dryRun) {
        await waitEstablished(s.client, batch.items.map((e) => e.target), opts.timeoutMs ?? 300_000);
        for (const e of plan.entries) s.discovery.forget(e.target.manifest.apiVersion);
      }
    }
    if (!preHooksRun && summary.outcome === 'succeeded') await preHooks();
    if (out.mode === 'text' && summary.unchanged) out.line(`${summary.unchanged} object(s) unchanged`);
    // An interrupted write phase records no revision: the set was not applied.
    if (summary.outcome === 'interrupted') return 'stop';
  },
};

/** Counts an object's action in the summary and reports it (unchanged ones only as JSON events). */
function recorder({ s, opts, summary }: ApplyRun) {
  const { out } = s;
  return (e: PlanEntry, action: ApplyAction | 'failed', message?: string) => {
    const m = e.target.manifest;
    if (action === 'created') summary.created++;
    else if (action === 'configured' || action === 'replaced') summary.updated++;
    else if (action === 'unchanged') summary.unchanged++;
    else summary.failed++;
    summary.objects.push({ kind: m.kind, namespace: m.metadata.namespace, name: m.metadata.name, action, message });
    const verb = opts.dryRun && action !== 'unchanged' && action !== 'failed' ? `${action} (dry run)` : action;
    if (action !== 'unchanged' || out.mode === 'json') {
      out.event({ type: 'apply', kind: m.kind, namespace: m.metadata.namespace, name: m.metadata.name, action, dryRun: !!opts.dryRun, message },
        `${e.target.label} ${verb}${message ? `: ${message}` : ''}`);
    }
  };
}
