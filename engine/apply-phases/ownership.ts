// Phase: nothing is written while a declared object belongs to someone else, unless --adopt says so.
import { findForeign, type ForeignObject } from '../ownership';
import { objLabel } from '../prune';
import type { ApplyPhase, ApplyRun } from './run';

export const checkOwnership: ApplyPhase = {
  name: 'ownership check',
  async run(r) {
    const foreign = await findForeign(r.s, r.plan.entries);
    if (refuseForeign(r, foreign)) return 'stop';
    r.adopting = new Map<string, ForeignObject>(foreign.map((f) => [f.entry.target.key, f]));
    for (const o of r.plan.legacyLeft) {
      r.s.out.warn(`${objLabel(o)} stays in the set ${r.s.inventory.legacy!.name} recorded by an older Kapstan under a shortened stack name; ` +
        'it may belong to another stack whose name begins alike, so it is never pruned: delete it by hand if it is this stack\'s');
    }
  },
};

/** Reports declared objects of other owners and fails the summary, unless adopting. True when refused. */
export function refuseForeign(r: ApplyRun, foreign: ForeignObject[]): boolean {
  const { summary } = r;
  if (!foreign.length || r.opts.adopt) return false;
  for (const f of foreign) {
    const msg = `${f.entry.target.label} (${f.entry.target.path}): already exists and belongs to ${f.owner}; ` +
      'nothing was applied. Remove it from the stack, or rerun with --adopt to take it over.';
    summary.errors.push(msg);
    summary.failed++;
    r.s.out.error(msg);
  }
  summary.outcome = 'failed';
  summary.durationMs = Date.now() - r.started;
  return true;
}
