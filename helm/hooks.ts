// Helm's hook annotations, read from a manifest. Shared by the HelmChart construct (which leaves
// out what apply never runs) and the engine's hook phases (which run the rest around the apply).

export const HOOK_ANNOTATION = 'helm.sh/hook';
export const HOOK_WEIGHT_ANNOTATION = 'helm.sh/hook-weight';
export const HOOK_DELETE_POLICY_ANNOTATION = 'helm.sh/hook-delete-policy';
export const RESOURCE_POLICY_ANNOTATION = 'helm.sh/resource-policy';

/** The release events Kapstan runs hooks for: apply (install, upgrade), rollback, destroy (delete). */
export const APPLIED_HOOK_EVENTS = ['pre-install', 'post-install', 'pre-upgrade', 'post-upgrade', 'pre-rollback', 'post-rollback', 'pre-delete', 'post-delete'] as const;
export type AppliedHookEvent = (typeof APPLIED_HOOK_EVENTS)[number];

export type HookDeletePolicy = 'before-hook-creation' | 'hook-succeeded' | 'hook-failed';
const DELETE_POLICIES: readonly string[] = ['before-hook-creation', 'hook-succeeded', 'hook-failed'];

export interface HookSpec {
  /** Every event of the annotation, as written (`pre-install`, `test`, `post-delete`…). */
  readonly events: string[];
  /** `helm.sh/hook-weight` (default 0): lower runs first. */
  readonly weight: number;
  /** `helm.sh/hook-delete-policy`; Helm's default when none is given is before-hook-creation. */
  readonly deletePolicies: HookDeletePolicy[];
}

interface WithAnnotations {
  metadata?: object;
}

const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** The hook an object is, or undefined for an ordinary object. Throws on a bad weight or policy. */
export function hookOf(manifest: WithAnnotations): HookSpec | undefined {
  const a = ((manifest.metadata as { annotations?: Record<string, string | undefined> } | undefined)?.annotations ?? {});
  const events = list(a[HOOK_ANNOTATION]);
  if (events.length === 0) return undefined;
  const rawWeight = a[HOOK_WEIGHT_ANNOTATION];
  const weight = rawWeight === undefined || rawWeight.trim() === '' ? 0 : Number(rawWeight);
  if (!Number.isInteger(weight)) throw new Error(`${HOOK_WEIGHT_ANNOTATION}: must be a whole number (got ${JSON.stringify(rawWeight)})`);
  const policies = list(a[HOOK_DELETE_POLICY_ANNOTATION]);
  const unknown = policies.filter((p) => !DELETE_POLICIES.includes(p));
  if (unknown.length) throw new Error(`${HOOK_DELETE_POLICY_ANNOTATION}: unknown policy ${unknown.join(', ')} (one of ${DELETE_POLICIES.join(', ')})`);
  return { events, weight, deletePolicies: (policies.length ? policies : ['before-hook-creation']) as HookDeletePolicy[] };
}

/** Test hooks (`helm test`): never applied. */
export const isTestHook = (h: HookSpec) => h.events.some((e) => e === 'test' || e === 'test-success' || e === 'test-failure');

/** Events of a hook Kapstan never runs (any but the applied ones, tests aside): left out at synth, with a warning. */
export const unappliedEvents = (h: HookSpec) => h.events.filter((e) => !(APPLIED_HOOK_EVENTS as readonly string[]).includes(e));
