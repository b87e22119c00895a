// What an apply would do, read cheaply: one list per kind and namespace finds the live members;
// objects whose owned fields already match are "unchanged" without any write.
import { groupKind } from './applyset';
import { listMembers, memberScope } from './inventory';
import { isNoop } from './noop';
import type { Session } from './session';
import { resolveTargets, Target } from './targets';
import type { ResourceType } from './paths';

export interface PlanEntry {
  target: Target;
  /** The live object when it is already a member of the set. */
  live?: any;
  unchanged: boolean;
}

export interface Plan {
  entries: PlanEntry[];
  /** Live members that are no longer desired. */
  orphans: { obj: any; type: ResourceType; key: string }[];
  groupKinds: Set<string>;
  namespaces: Set<string>;
  /** Members of a legacy (0.1) set this stack does not declare: never pruned, they may be another stack's. */
  legacyLeft: { obj: any; type: ResourceType; key: string }[];
}

export async function makePlan(s: Session, objects = s.source.objects): Promise<Plan> {
  const targets = await resolveTargets(objects, s.discovery, s.namespace, s.inventory.id);
  const scope = await memberScope(s.discovery, s.inventory, targets);
  // Kinds whose CRD is only being created now cannot be listed yet (and have no members).
  const pendingKinds = new Set(targets.filter((t) => s.discovery.isPendingCrdKind(t.manifest.apiVersion, t.manifest.kind)).map((t) => t.type.resource + '.' + t.type.group));
  const skip = (t: ResourceType) => pendingKinds.has(t.resource + '.' + t.group);
  const legacy = s.inventory.legacy;
  const [members, legacyMembers] = await Promise.all([
    listMembers(s.client, scope, s.inventory.id, s.concurrency, skip),
    legacy ? listMembers(s.client, scope, legacy.id, s.concurrency, skip) : new Map<string, { obj: any; type: ResourceType }>(),
  ]);
  const desiredKeys = new Set(targets.map((t) => t.key));
  const entries = targets.map((target) => {
    // A declared member of the legacy set is ours: the apply moves it to the new set.
    const live = members.get(target.key)?.obj ?? legacyMembers.get(target.key)?.obj;
    return { target, live, unchanged: isNoop(target.manifest, live) };
  });
  const legacyLeft = legacy ? [...legacyMembers.entries()].filter(([k]) => !desiredKeys.has(k)).map(([key, m]) => ({ ...m, key })) : [];
  const orphans = [...members.entries()].filter(([k]) => !desiredKeys.has(k)).map(([key, m]) => ({ ...m, key }));
  const groupKinds = new Set(targets.map((t) => groupKind(t.manifest.apiVersion, t.manifest.kind)));
  const namespaces = new Set(targets.map((t) => t.manifest.metadata.namespace).filter(Boolean) as string[]);
  return { entries, orphans, groupKinds, namespaces, legacyLeft };
}
