// How a synthesized Kapstan stack becomes CloudFormation resources: one KubernetesManifest per
// apply group (synth/kinds.ts), chained by dependencies in apply order. Per group rather than per
// object: CloudFormation runs one kubectl Lambda call per resource and allows 500 resources per
// stack, so per object a mid-sized stack would take hundreds of serial handler runs and could not
// fit; one resource for everything would lose Kapstan's order (namespaces and CRDs before what
// uses them) and apply a CRD and its custom resources in one kubectl call, which fails. Groups are
// exactly the order `kapstan apply` follows, and dist/ already has one file per group.
import { GROUPS, groupFile, groupOf, type Group } from '../synth/kinds';
import type { SynthObject, SynthStack } from '../synth/types';

/**
 * A custom resource's properties travel to the kubectl handler in one Lambda event (at most
 * 256 KB); a larger group (many CRDs) is split into consecutive parts, still chained in order.
 */
export const MAX_MANIFEST_CHARS = 200_000;

/** Groups whose objects outlive the CloudFormation resource and are never pruned by kubectl. */
export const RETAINED_GROUPS: ReadonlySet<Group> = new Set(['namespaces', 'storage']);

export interface ManifestPart {
  /** Construct id: the dist/ file name without extension, plus the part number when split (`01-namespaces`, `02-crds-2`). */
  readonly id: string;
  readonly group: Group;
  readonly manifests: Record<string, any>[];
}

/**
 * `kapstan apply` creates the stack namespace when the stack does not declare it (it holds the
 * inventory and history): through CloudFormation it is a part of its own, `00-namespace`, first
 * and retained. Undefined when the stack declares its namespace or has none.
 */
export function stackNamespacePart(stack: Pick<SynthStack, 'namespace' | 'objects'>): ManifestPart | undefined {
  const name = stack.namespace;
  if (!name) return undefined;
  if (stack.objects.some((o) => o.manifest['kind'] === 'Namespace' && o.manifest['metadata']?.name === name)) return undefined;
  return { id: '00-namespace', group: 'namespaces', manifests: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }] };
}

/** The objects of one stack (in apply order) as parts in apply order; empty groups have none. */
export function manifestParts(objects: readonly SynthObject[], maxChars = MAX_MANIFEST_CHARS): ManifestPart[] {
  const parts: ManifestPart[] = [];
  for (const group of GROUPS) {
    const chunks: Record<string, any>[][] = [];
    let size = 0;
    for (const o of objects) {
      if (groupOf(String(o.manifest['kind'])) !== group) continue;
      const chars = JSON.stringify(o.manifest).length;
      if (chunks.length === 0 || (size + chars > maxChars && chunks[chunks.length - 1]!.length > 0)) {
        chunks.push([]);
        size = 0;
      }
      chunks[chunks.length - 1]!.push(o.manifest);
      size += chars;
    }
    const base = groupFile(group).replace(/\.k8s\.yaml$/, '');
    chunks.forEach((manifests, i) => parts.push({ id: chunks.length === 1 ? base : `${base}-${i + 1}`, group, manifests }));
  }
  return parts;
}
