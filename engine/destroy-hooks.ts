// The pre-delete and post-delete Helm hooks of a destroy, run by the apply's hook machinery
// (engine/apply-phases/hooks.ts) over a run state of their own: pre-delete ones after the prompt
// and before anything is deleted (a failing one stops the destroy, as it stops `helm uninstall`),
// post-delete ones once the members are gone. They are applied as members of the set, so a hook
// object left behind (no hook-succeeded policy) is kept and keeps the set's parent.
import type { ApplySummary } from './apply';
import { applyPath } from './apply-object';
import { findHooks, hooksFor, runHooks } from './apply-phases/hooks';
import type { ApplyRun } from './apply-phases/run';
import { LABEL_PART_OF } from './applyset';
import type { Session } from './session';
import type { Target } from './targets';

export interface DestroyHooks {
  /** Runs the pre-delete or post-delete hooks; the errors when one failed, else undefined. */
  run(when: 'pre' | 'post'): Promise<string[] | undefined>;
  /** Hook objects this destroy applied that are still there (no hook-succeeded). */
  left(): Promise<{ kind: string; namespace?: string; name: string }[]>;
  readonly count: number;
}

export function destroyHooks(s: Session, targets: Target[], opts: { timeoutMs?: number }): DestroyHooks {
  const hooks = findHooks(targets.map((target) => ({ target, unchanged: false })));
  const summary = { objects: [], errors: [], created: 0, updated: 0, failed: 0, outcome: 'succeeded' } as unknown as ApplySummary;
  const run = { s, opts: { timeoutMs: opts.timeoutMs }, summary, adopting: new Map(), hooks, hookEvent: 'delete', command: 'destroy' } as unknown as ApplyRun;
  const applied = () => [...hooksFor(hooks.values(), 'pre', 'delete'), ...hooksFor(hooks.values(), 'post', 'delete')].map((h) => h.entry.target);
  return {
    count: applied().length,
    async run(when) {
      return (await runHooks(run, when)) ? undefined : summary.errors;
    },
    async left() {
      const out = [];
      for (const t of applied()) {
        const live = await s.client.request('GET', applyPath(t), { allow: [404] });
        if (live?.metadata?.labels?.[LABEL_PART_OF] === s.inventory.id) out.push({ kind: t.manifest.kind, namespace: t.manifest.metadata.namespace, name: t.manifest.metadata.name });
      }
      return out;
    },
  };
}
