// `--federation NAME --via karmada`: the federation's Karmada stack (dist/NAME/karmada/: the
// resource templates plus PropagationPolicy/OverridePolicy/FederatedHPA objects) goes to the
// Karmada API server with the single-stack engine (its own inventory, history and lock there);
// Karmada propagates it, and Kapstan tracks the propagation per member (karmada-track.ts).
import type { ApplyOptions, ApplySummary } from '../apply';
import type { DestroyOptions, DestroySummary } from '../destroy';
import type { DiffOptions, DiffSummary } from '../diff';
import { interruptSignal } from '../interrupt';
import { objectPath } from '../paths';
import type { Session } from '../session';
import type { TrackReporter } from '../track/types';
import { isKarmadaControlObject } from './karmada-propagation';
import { trackPropagation, waitGoneFromMembers, type PropagationResult } from './karmada-track';

export interface KarmadaRunOptions {
  reporter: TrackReporter;
  signal?: AbortSignal;
}

/** A template's API path in Karmada (and, behind the cluster proxy, in a member). */
const pathOf = (s: Session) => async (m: any) => objectPath(await s.discovery.resolve(m.apiVersion, m.kind), m.metadata.name, m.metadata.namespace);

/** The templates Karmada propagates and the policies that place them. */
export function splitKarmadaStack(s: Session): { templates: any[]; policies: any[] } {
  const manifests = s.source.objects.map((o) => o.manifest);
  return { templates: manifests.filter((m) => !isKarmadaControlObject(m)), policies: manifests.filter(isKarmadaControlObject) };
}

export interface KarmadaApplyResult {
  apply: ApplySummary;
  propagation?: PropagationResult;
  ok: boolean;
}

/** Applies the Karmada stack, then (unless --no-wait or a dry run) tracks it into every member. */
export async function karmadaApply(s: Session, opts: ApplyOptions, run: KarmadaRunOptions): Promise<KarmadaApplyResult> {
  const { applyStack } = require('../apply') as typeof import('../apply');
  // The engine's own tracker would judge the templates in Karmada, where no pod runs: Kapstan
  // tracks the members' rollouts through the bindings instead.
  const apply = await applyStack(s, { ...opts, track: false });
  if (apply.outcome !== 'succeeded' || opts.dryRun || opts.track === false) return { apply, ok: apply.outcome === 'succeeded' };
  const { templates, policies } = splitKarmadaStack(s);
  const propagation = await trackPropagation(s.client, templates, policies, { pathOf: pathOf(s), timeoutMs: opts.timeoutMs ?? 300_000, failFast: opts.failFast, reporter: run.reporter, signal: run.signal ?? interruptSignal() });
  return { apply, propagation, ok: propagation.ok };
}

/** One snapshot of every template in every member. */
export function karmadaStatus(s: Session, run: KarmadaRunOptions): Promise<PropagationResult> {
  const { templates, policies } = splitKarmadaStack(s);
  return trackPropagation(s.client, templates, policies, { pathOf: pathOf(s), timeoutMs: 0, once: true, reporter: run.reporter });
}

export function karmadaDiff(s: Session, opts: DiffOptions): Promise<DiffSummary> {
  const { diffStack } = require('../diff') as typeof import('../diff');
  return diffStack(s, opts);
}

export interface KarmadaDestroyResult {
  destroy: DestroySummary;
  /** Objects still in a member when the wait ended. */
  leftInMembers: Array<{ cluster: string; object: string }>;
}

/** Deletes the templates and policies from Karmada, then waits until Karmada removed them from every member. */
export async function karmadaDestroy(s: Session, opts: DestroyOptions): Promise<KarmadaDestroyResult> {
  const { destroyStack } = require('../destroy') as typeof import('../destroy');
  const { templates } = splitKarmadaStack(s);
  const destroy = await destroyStack(s, opts);
  if (opts.dryRun) return { destroy, leftInMembers: [] };
  // Namespaces are kept by destroy (as on one cluster), so members keep theirs too.
  const deleted = templates.filter((m) => m.kind !== 'Namespace');
  const paths = new Map<any, string>();
  for (const m of deleted) paths.set(m, await pathOf(s)(m));
  const leftInMembers = await waitGoneFromMembers(s.client, deleted, (m) => paths.get(m)!, opts.timeoutMs ?? 300_000);
  return { destroy, leftInMembers };
}
