// Phase: the rollout of what was applied, tracked until every object is Current, one fails or
// the timeout passes (skipped by --no-wait, a dry run or a failed apply).
import { interruptReason, interruptSignal } from '../interrupt';
import type { TrackOutcome } from '../tracking';
import type { ApplyPhase } from './run';

export const trackRollout: ApplyPhase = {
  name: 'track',
  async run({ s, opts, summary, plan, hooks }) {
    if (!(summary.outcome !== 'failed' && !opts.dryRun && opts.track !== false)) return;
    // Loaded only when tracking: the tracker brings @kubernetes/client-node, slow to load under tsx.
    const { trackTargets } = require('../tracking') as typeof import('../tracking');
    const { toRef, objectId } = require('../tracking') as typeof import('../tracking');
    // The plan read the objects this run left alone moments ago: those already Current need no
    // second list and watch.
    const known = new Map(plan.entries.filter((e) => e.unchanged && e.live).map((e) => [objectId(toRef(e.target)), e.live]));
    // Helm hooks were waited for by the hook phases.
    const tracked: TrackOutcome = await trackTargets(s, plan.entries.filter((e) => !hooks?.has(e.target.key)).map((e) => e.target), { timeoutMs: opts.timeoutMs, failFast: opts.failFast, signal: interruptSignal(), crashLoopRestarts: opts.crashLoopRestarts, known });
    for (const o of summary.objects) {
      const st = tracked.objects.get(`${o.kind}/${o.namespace ?? ''}/${o.name}`);
      if (st) Object.assign(o, { status: st.status, message: st.message ?? o.message, durationMs: st.durationMs, reason: st.reason, pod: st.pod, failedFast: st.failedFast || undefined, ...(st.logs ? { logs: st.logs } : {}) });
    }
    if (tracked.result?.aborted && interruptReason()) {
      summary.outcome = 'interrupted';
      summary.interruptedIn = 'track';
    } else if (!tracked.ok) {
      summary.outcome = 'failed';
      summary.failed += tracked.result?.failed.length ?? 0;
      summary.errors.push(...tracked.errors);
    } else {
      summary.verified = true;
    }
  },
};
