import type { Operation } from 'fast-json-patch';
import { podSpecs } from '../synth/normalize';
import type { ClusterSelector } from './placement';

/** Kinds whose `spec.replicas` Divided scheduling and replica overrides act on. */
export const REPLICATED_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

/** A change to the objects under a construct, in some member clusters only. */
export interface ClusterOverride {
  /** Clusters by name; with `selector` too, a cluster must match both. */
  readonly clusters?: readonly string[];
  readonly selector?: ClusterSelector;
  /** Only objects of these kinds (default: all under the construct). */
  readonly kinds?: readonly string[];
  /** Container the image/env/resources changes apply to (default: every container). */
  readonly container?: string;
  /** Full image reference, e.g. `registry.eu/web:1.28`. */
  readonly image?: string;
  readonly replicas?: number;
  /** Environment variables to set (existing ones with these names are replaced). */
  readonly env?: Readonly<Record<string, string>>;
  /** Resource requests/limits to set, e.g. `{ limits: { 'nvidia.com/gpu': '1' } }`. */
  readonly resources?: { readonly requests?: Record<string, string>; readonly limits?: Record<string, string> };
  /** RFC 6902 operations on the manifest, e.g. `{ op: 'replace', path: '/spec/paused', value: true }`. */
  readonly patches?: readonly Operation[];
}

/** What an override changes besides raw patches. */
export const TYPED_FIELDS = ['image', 'replicas', 'env', 'resources'] as const;

/**
 * The JSON patch that applies `o`'s typed changes (image, replicas, env, resources) and then its
 * raw patches to manifest `m`. Typed changes become whole-field replacements so the same
 * operations work unchanged as Karmada `plaintext` overriders.
 */
export function overrideOps(m: Record<string, any>, o: ClusterOverride): Operation[] {
  const ops: Operation[] = [];
  if (o.replicas !== undefined && REPLICATED_KINDS.has(m.kind)) {
    ops.push({ op: m.spec && 'replicas' in m.spec ? 'replace' : 'add', path: '/spec/replicas', value: o.replicas });
  }
  if (o.image !== undefined || o.env || o.resources) {
    for (const { spec, pointer } of podSpecs(m)) {
      (spec.containers ?? []).forEach((c: Record<string, any>, i: number) => {
        if (o.container !== undefined && c.name !== o.container) return;
        const at = `${pointer}/containers/${i}`;
        if (o.image !== undefined) ops.push({ op: 'image' in c ? 'replace' : 'add', path: `${at}/image`, value: o.image });
        if (o.env) ops.push({ op: c.env ? 'replace' : 'add', path: `${at}/env`, value: mergeEnv(c.env ?? [], o.env) });
        if (o.resources) ops.push({ op: c.resources ? 'replace' : 'add', path: `${at}/resources`, value: mergeResources(c.resources ?? {}, o.resources) });
      });
    }
  }
  return [...ops, ...(o.patches ?? [])];
}

/** Whether any typed change of `o` applies to `m` (used to report overrides that change nothing). */
export function typedChangeApplies(m: Record<string, any>, o: ClusterOverride): boolean {
  return overrideOps(m, { ...o, patches: [] }).length > 0;
}

function mergeEnv(env: Record<string, any>[], set: Readonly<Record<string, string>>): Record<string, any>[] {
  const out = env.map((e) => (e.name in set ? { name: e.name, value: set[e.name] } : e));
  for (const [name, value] of Object.entries(set)) if (!env.some((e) => e.name === name)) out.push({ name, value });
  return out;
}

function mergeResources(current: Record<string, any>, set: NonNullable<ClusterOverride['resources']>): Record<string, any> {
  const out: Record<string, any> = { ...current };
  if (set.limits) out.limits = { ...current.limits, ...set.limits };
  if (set.requests) out.requests = { ...current.requests, ...set.requests };
  return out;
}
