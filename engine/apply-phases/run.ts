// The state one `apply` shares between its phases (engine/apply.ts runs them in order): the
// session and options, the plan, what the run decided (objects to adopt, the revision) and the
// summary it returns. A new step (hooks, propagation…) is a phase that reads and adds to it.
import type { ApplyOptions, ApplySummary } from '../apply';
import type { Revision } from '../history';
import type { ForeignObject } from '../ownership';
import type { Plan } from '../plan';
import type { Session } from '../session';
import type { DesiredObject } from '../source';
import type { HookEntry } from './hooks';

export interface ApplyRun {
  s: Session;
  opts: ApplyOptions;
  /** apply or rollback: named in the lock and the summary. */
  command: string;
  started: number;
  objects: DesiredObject[];
  summary: ApplySummary;
  /** This run created the stack namespace (its Namespace object counts as created). */
  nsCreated: boolean;
  /** Set by the plan phase. */
  plan: Plan;
  /** The stack's revisions, read while the plan is made. */
  revisionsP: Promise<Revision[]>;
  /** Declared objects of other owners this run takes over (--adopt), by key. */
  adopting: Map<string, ForeignObject>;
  /** The revision this run recorded, or the newest one when it changed nothing. */
  revision?: Revision;
  /** The revision is the newest one, reused: this run changed nothing. */
  reused: boolean;
  revisions: Revision[];
  /** Helm hook objects of the plan, by key: run by the hook phases, not with their group. */
  hooks?: Map<string, HookEntry>;
  /** The release event whose hooks this run fires (undefined: none, as nothing changes). */
  hookEvent?: 'install' | 'upgrade' | 'rollback' | 'delete';
}

/** What a phase tells the run: stop returns the summary as it stands; anything else goes on. */
export type PhaseResult = 'stop' | void;

export interface ApplyPhase {
  name: string;
  run: (r: ApplyRun) => Promise<PhaseResult>;
}

/** Ends the run: its duration, and the summary it returns. */
export function finish(r: ApplyRun): ApplySummary {
  r.summary.durationMs = Date.now() - r.started;
  r.summary.requests = r.s.client.requests.snapshot();
  return r.summary;
}
