// `kapstan status` for one stack: each object's rollout status now, one event (and line) per object.
// The single-stack command and the federated one (engine/federation/commands.ts) both print through it.
import type { Session } from './session';
import { resolveTargets } from './targets';
import { statusOf } from './tracking';

export async function reportStatus(s: Session) {
  const targets = await resolveTargets(s.source.objects, s.discovery, s.namespace, s.inventory.id);
  const states = await statusOf(s, targets);
  for (const st of states) {
    s.out.event({ type: 'status', id: st.id, kind: st.ref.kind, namespace: st.ref.namespace ?? null, name: st.ref.name, status: st.status, message: st.message, reason: st.reason ?? null, pod: st.pod ?? null, ready: st.ready ?? null, desired: st.desired ?? null },
      `${st.id.padEnd(50)} ${st.status.padEnd(11)} ${st.desired !== undefined ? `${st.ready ?? 0}/${st.desired} ` : ''}${st.message}${st.pod ? ` (pod ${st.pod})` : ''}`);
  }
  const current = states.filter((x) => x.status === 'Current').length;
  return { states, current, total: states.length };
}
