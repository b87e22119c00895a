// Phases: the history revision of what was applied, and its outcome once the run knows it.
import { payloadDigest, recordRevision, setOutcome, trimHistory } from '../history';
import type { ApplyPhase } from './run';

/**
 * A re-apply of the newest revision's exact set that changed nothing adds no revision: history
 * lists changes, and a no-op apply stays free of writes.
 */
export const recordRevisionPhase: ApplyPhase = {
  name: 'record revision',
  async run(r) {
    const { s, opts, summary } = r;
    if (opts.dryRun) return;
    const payload = { stack: s.source.stack, namespace: s.namespace, objects: r.objects };
    r.revisions = await r.revisionsP;
    const latest = r.revisions.at(-1);
    const nothingChanged = summary.created + summary.updated + summary.pruned === 0 && summary.outcome !== 'failed';
    if (nothingChanged && !opts.note && latest?.digest && latest.digest === payloadDigest(payload)) {
      r.revision = latest;
      r.reused = true;
    } else {
      r.revision = await recordRevision(s.client, s.namespace, payload, opts.note, r.revisions);
      r.revisions.push(r.revision);
    }
    summary.revision = r.revision.revision;
  },
};

/**
 * Written but not waited for (--no-wait, or tracking interrupted): `applied`, which rollback
 * never takes for a known-good revision until `kapstan status` has seen it Current. Then the
 * history is trimmed to --history-max.
 */
export const recordOutcome: ApplyPhase = {
  name: 'record outcome',
  async run({ s, opts, summary, revision, reused, revisions }) {
    const outcome = summary.outcome === 'failed' ? 'failed' : summary.verified ? 'succeeded' : 'applied';
    // A re-apply that changed nothing and did not wait leaves a verified revision verified.
    const keepVerified = outcome === 'applied' && reused && revision?.outcome === 'succeeded';
    if (revision && revision.outcome !== outcome && !keepVerified) await setOutcome(s.client, s.namespace, revision, outcome);
    if (!opts.dryRun && revisions.length > (opts.historyMax ?? 10)) await trimHistory(s.client, s.namespace, s.source.stack, opts.historyMax ?? 10, revisions);
  },
};
