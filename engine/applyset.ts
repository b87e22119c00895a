// The ApplySet (KEP-3659) that records which objects belong to a stack, in the form kubectl
// understands: a parent Secret labelled with the set id; members labelled part-of=<id>.
import { createHash } from 'node:crypto';
import { isDnsLabel } from '../dns-names';

export const LABEL_ID = 'applyset.kubernetes.io/id';
export const LABEL_PART_OF = 'applyset.kubernetes.io/part-of';
export const ANN_TOOLING = 'applyset.kubernetes.io/tooling';
export const ANN_GROUP_KINDS = 'applyset.kubernetes.io/contains-group-kinds';
export const ANN_NAMESPACES = 'applyset.kubernetes.io/additional-namespaces';
/** Objects with this annotation set to "true" are never pruned or destroyed without --prune-protected. */
export const ANN_KEEP = 'kapstan.io/keep';

export const PROTECTED_KINDS = new Set(['PersistentVolumeClaim', 'Namespace', 'CustomResourceDefinition']);


/**
 * The name part derived from a stack for every object Kapstan names after it (ApplySet parent,
 * history, lock) and for the history label. A stack name that is already a DNS label of at most
 * 63 characters is used whole; anything else keeps a readable prefix and a hash of the full name,
 * so two different stack names never share an ApplySet or a history.
 */
export function stackSlug(stack: string): string {
  if (isDnsLabel(stack)) return stack;
  const hash = createHash('sha256').update(stack).digest('hex').slice(0, 10);
  const prefix = cleanName(stack).slice(0, 52).replace(/-+$/, '');
  return prefix ? `${prefix}-${hash}` : hash;
}

/** The slug of Kapstan 0.1 (names cut at 40 characters): only to find and migrate sets it recorded. */
export function legacyStackSlug(stack: string): string {
  return cleanName(stack).slice(0, 40) || 'default';
}

function cleanName(stack: string): string {
  return stack.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
}

export function parentName(stack: string): string {
  return `kapstan-applyset-${stackSlug(stack)}`;
}

/** The parent name Kapstan 0.1 used; equal to parentName for names it did not shorten. */
export function legacyParentName(stack: string): string {
  return `kapstan-applyset-${legacyStackSlug(stack)}`;
}

/** applyset-<base64url(sha256(name.namespace.kind.group))>-v1, as kubectl computes it. */
export function applySetId(name: string, namespace: string, kind = 'Secret', group = ''): string {
  const hash = createHash('sha256').update(`${name}.${namespace}.${kind}.${group}`).digest('base64url');
  return `applyset-${hash}-v1`;
}

/** `Kind.group` (just `Kind` for the core group), as in contains-group-kinds. */
export function groupKind(apiVersion: string, kind: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? kind : `${kind}.${apiVersion.slice(0, i)}`;
}

export function parseList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

export function formatList(values: Iterable<string>): string {
  return [...new Set(values)].sort().join(',');
}

export function isProtected(obj: any): boolean {
  return PROTECTED_KINDS.has(obj?.kind) || obj?.metadata?.annotations?.[ANN_KEEP] === 'true';
}

export function isMember(obj: any, id: string): boolean {
  return obj?.metadata?.labels?.[LABEL_PART_OF] === id;
}
