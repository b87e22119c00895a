// The federated commands: each runs the single-stack engine function (applyStack, diffStack,
// status, destroyStack) on every member with the member's own session, through runWaves.
import type { ApplyOptions, ApplySummary } from '../apply';
import type { DestroyOptions } from '../destroy';
import type { DiffOptions } from '../diff';
import type { RequestCounts } from '../request-count';
import { openSession, type Session } from '../session';
import type { MemberConnection } from './connection';
import type { FederationMember } from './members';
import type { MemberOutput } from './member-output';
import type { FederationView } from './view';
import { runWaves, type ClusterResult } from './waves-run';

export interface FederationContext {
  members: FederationMember[];
  connections: Map<string, MemberConnection>;
  outputs: Map<string, MemberOutput>;
  view: FederationView;
  /** -n: overrides every member's namespace. */
  namespace?: string;
  concurrency: number;
}

async function withSession<T>(fx: FederationContext, cluster: string, body: (s: Session) => Promise<T>): Promise<T> {
  const member = fx.members.find((m) => m.cluster === cluster)!;
  const conn = fx.connections.get(cluster) ?? {};
  const out = fx.outputs.get(cluster)!;
  const session = await openSession(member.source, out, { ...conn, namespace: fx.namespace, concurrency: fx.concurrency });
  try {
    return await body(session);
  } finally {
    session.client.close();
    out.flush();
  }
}

function hooks(fx: FederationContext) {
  return {
    onStart: (c: string) => fx.view.phase(c, 'running'),
    onEnd: (c: string, _w: number, outcome: 'succeeded' | 'failed' | 'skipped', message?: string) => fx.view.phase(c, outcome, message),
  };
}

/** Waves in order; a failed wave stops the later ones. */
export function federatedApply(fx: FederationContext, waves: string[][], opts: ApplyOptions): Promise<ClusterResult<ApplySummary>[]> {
  return runWaves(waves, (cluster) => withSession(fx, cluster, async (s) => {
    const sum = opts.atomic
      ? await (require('../rollback') as typeof import('../rollback')).applyAtomic(s, opts)
      : await (require('../apply') as typeof import('../apply')).applyStack(s, opts);
    s.out.event(sum as unknown as Record<string, unknown>, `apply ${sum.outcome}: created ${sum.created}, updated ${sum.updated}, unchanged ${sum.unchanged}, pruned ${sum.pruned}${sum.failed ? `, failed ${sum.failed}` : ''}`);
    return { ok: sum.outcome === 'succeeded', summary: sum };
  }), { stopOnFailure: true, ...hooks(fx) });
}

/** All members at once (read-only). A member is ok when its diff had no errors. */
export function federatedDiff(fx: FederationContext, opts: DiffOptions) {
  const all = [fx.members.map((m) => m.cluster)];
  return runWaves(all, (cluster) => withSession(fx, cluster, async (s) => {
    const { diffStack } = require('../diff') as typeof import('../diff');
    const sum = await diffStack(s, opts);
    return { ok: sum.errors.length === 0, summary: sum };
  }), { stopOnFailure: false, ...hooks(fx) });
}

export interface StatusSummary {
  type: 'summary';
  command: 'status';
  stack: string;
  total: number;
  current: number;
  ok: boolean;
  requests?: RequestCounts;
}

/** All members at once; a member is ok when every object is Current. */
export function federatedStatus(fx: FederationContext) {
  const all = [fx.members.map((m) => m.cluster)];
  return runWaves(all, (cluster) => withSession(fx, cluster, async (s) => {
    const { reportStatus } = require('../stack-status') as typeof import('../stack-status');
    const { total, current } = await reportStatus(s);
    const sum: StatusSummary = { type: 'summary', command: 'status', stack: s.source.stack, total, current, ok: current === total, requests: s.client.requests.snapshot() };
    s.out.event(sum as unknown as Record<string, unknown>, `${current}/${total} Current`);
    return { ok: sum.ok, summary: sum };
  }), { stopOnFailure: false, ...hooks(fx) });
}

/** Waves in reverse (the canary goes last); every wave runs even when one fails. */
export function federatedDestroy(fx: FederationContext, waves: string[][], opts: DestroyOptions) {
  return runWaves([...waves].reverse(), (cluster) => withSession(fx, cluster, async (s) => {
    const { destroyStack } = require('../destroy') as typeof import('../destroy');
    const sum = await destroyStack(s, opts);
    s.out.event(sum as unknown as Record<string, unknown>, `destroy: deleted ${sum.deleted}, kept ${sum.kept}`);
    return { ok: true, summary: sum };
  }), { stopOnFailure: false, ...hooks(fx) });
}
