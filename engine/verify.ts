// `kapstan status` settles what an unverified apply left: the newest revision, recorded as
// `applied` (--no-wait, or an apply interrupted while tracking) or left `pending` by a process
// that died, becomes `succeeded` once every object of that very set is Current, or `failed` once
// one has failed for certain. Only then may rollback take it for a good revision.
import { listRevisions, payloadDigest, setOutcome, type Revision } from './history';
import type { Session } from './session';
import type { ObjectState } from './track';

const UNVERIFIED = new Set(['applied', 'pending']);

export async function verifyRevision(s: Session, states: ObjectState[]): Promise<Revision | undefined> {
  const revs = await listRevisions(s.client, s.namespace, s.source.stack);
  const latest = revs.at(-1);
  if (!latest || !UNVERIFIED.has(latest.outcome)) return undefined;
  // The status was taken of the app's objects now: it says nothing about a revision of another set.
  if (!latest.digest || latest.digest !== payloadDigest({ stack: s.source.stack, namespace: s.namespace, objects: s.source.objects })) return undefined;
  const settled = states.every((st) => st.status === 'Current') ? 'succeeded' : states.some((st) => st.status === 'Failed') ? 'failed' : undefined;
  if (!settled) return undefined;
  await setOutcome(s.client, s.namespace, latest, settled);
  return latest;
}
