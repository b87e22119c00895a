import * as kplus from 'cdk8s-plus-34';
import { check, checkCount } from '../errors';
import { PriorityClass } from './priority-class';
import { isDnsSubdomain } from '../../dns-names';

/** What the scheduler does when a spread constraint cannot be met. */
export enum WhenUnsatisfiable {
  /** Keep the pod pending (a hard constraint). */
  DO_NOT_SCHEDULE = 'DoNotSchedule',
  /** Schedule anyway, preferring placements that reduce the skew (a soft constraint). */
  SCHEDULE_ANYWAY = 'ScheduleAnyway',
}

/** One topology spread constraint over this workload's own pods. */
export interface TopologySpread {
  /** The node label that defines a domain. @default kplus.Topology.ZONE */
  readonly topology?: kplus.Topology;
  /** The largest allowed difference in pod count between two domains. @default 1 */
  readonly maxSkew?: number;
  /** Hard or soft. @default ScheduleAnyway, so losing a zone does not leave pods pending */
  readonly whenUnsatisfiable?: WhenUnsatisfiable;
  /** Minimum number of eligible domains (only with DoNotSchedule). */
  readonly minDomains?: number;
  /**
   * Pod label keys whose values (taken from the incoming pod) narrow the pods counted.
   * @default - ['pod-template-hash'] on a Deployment, so a rollout spreads the new ReplicaSet on its own
   */
  readonly matchLabelKeys?: string[];
}

/** Preferred node affinity: a weight (1-100) and the node labels it prefers. */
export interface PreferredNodeAffinity {
  /** 1-100; higher preferences count more. */
  readonly weight: number;
  /** All of these must hold for the node to count as preferred. */
  readonly match: kplus.NodeLabelQuery[];
}

/** Node affinity: hard requirements and soft preferences on node labels. */
export interface NodeAffinity {
  /** Node label queries that must all hold. */
  readonly required?: kplus.NodeLabelQuery[];
  /** Weighted preferences. */
  readonly preferred?: PreferredNodeAffinity[];
}

/** Pod (anti-)affinity to other pods. */
export interface PodAffinityTerm {
  /** The pods to be near (affinity) or away from (anti-affinity): a workload or `kplus.Pods.select(...)`. */
  readonly selector: kplus.IPodSelector;
  /** The domain of "near". @default kplus.Topology.HOSTNAME */
  readonly topology?: kplus.Topology;
  /** Set (1-100) to make the term a preference instead of a requirement. */
  readonly weight?: number;
}

/** Where pods may and should run. */
export interface SchedulingProps {
  /** Node labels that a node must carry (spec.nodeSelector). */
  readonly nodeSelector?: Record<string, string>;
  /** Required and preferred node affinity. */
  readonly nodeAffinity?: NodeAffinity;
  /** Run near these pods. */
  readonly podAffinity?: PodAffinityTerm[];
  /** Run away from these pods (e.g. one replica per node: this workload itself). */
  readonly podAntiAffinity?: PodAffinityTerm[];
  /** Spread this workload's pods across topology domains. */
  readonly topologySpread?: TopologySpread[];
  /**
   * Shorthand for a zone spread constraint (maxSkew 1, ScheduleAnyway) plus a soft hostname spread.
   * @default false
   */
  readonly spreadAcrossZones?: boolean;
  /** Taints the pods tolerate, e.g. `kplus.NodeTaintQuery.is('dedicated', 'gpu')`. */
  readonly tolerations?: kplus.NodeTaintQuery[];
  /** Tolerate every taint (node agents that must run on every node). @default false */
  readonly tolerateAll?: boolean;
  /** The PriorityClass of the pods: the construct or a class name. */
  readonly priorityClass?: PriorityClass | string;
}

/** The parts of a pod that kplus can express through its own scheduling API. */
export function applyKplusScheduling(pod: kplus.AbstractPod & { scheduling: kplus.PodScheduling }, props: SchedulingProps): void {
  const affinity = props.nodeAffinity;
  if (affinity?.required?.length) pod.scheduling.attract(kplus.Node.labeled(...affinity.required));
  affinity?.preferred?.forEach((pref, i) => {
    checkWeight(pod, `nodeAffinity.preferred[${i}].weight`, pref.weight);
    check(pref.match.length > 0, pod, `nodeAffinity.preferred[${i}].match`, 'must not be empty');
    pod.scheduling.attract(kplus.Node.labeled(...pref.match), { weight: pref.weight });
  });
  props.podAffinity?.forEach((term, i) => {
    if (term.weight !== undefined) checkWeight(pod, `podAffinity[${i}].weight`, term.weight);
    pod.scheduling.colocate(term.selector, { topology: term.topology, weight: term.weight });
  });
  props.podAntiAffinity?.forEach((term, i) => {
    if (term.weight !== undefined) checkWeight(pod, `podAntiAffinity[${i}].weight`, term.weight);
    pod.scheduling.separate(term.selector, { topology: term.topology, weight: term.weight });
  });
  if (props.tolerations?.length) pod.scheduling.tolerate(kplus.Node.tainted(...props.tolerations));
  if (props.tolerateAll) pod.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.any()));
  props.topologySpread?.forEach((spread, i) => {
    checkCount(spread.maxSkew, pod, `topologySpread[${i}].maxSkew`, 1);
    checkCount(spread.minDomains, pod, `topologySpread[${i}].minDomains`, 1);
    (spread.matchLabelKeys ?? []).forEach((key) => check(key.length > 0, pod, `topologySpread[${i}].matchLabelKeys`, 'must not contain an empty key'));
    check(spread.minDomains === undefined || spread.whenUnsatisfiable === WhenUnsatisfiable.DO_NOT_SCHEDULE, pod,
      `topologySpread[${i}].minDomains`, 'requires whenUnsatisfiable: DoNotSchedule');
  });
  for (const [key, value] of Object.entries(props.nodeSelector ?? {})) {
    check(key.length > 0 && typeof value === 'string', pod, `nodeSelector.${key}`, 'must be a non-empty key with a string value');
  }
  if (typeof props.priorityClass === 'string') {
    check(isDnsSubdomain(props.priorityClass), pod, 'priorityClass',
      `must be a DNS-1123 name (got "${props.priorityClass}")`);
  }
}

/** The topology spread constraints to render, each selecting the workload's own pods. */
export function topologySpreadConstraints(
  props: SchedulingProps,
  ownLabels: Record<string, string>,
  defaultMatchLabelKeys?: string[],
): kplus.k8s.TopologySpreadConstraint[] | undefined {
  const spreads: TopologySpread[] = [...(props.topologySpread ?? [])];
  if (props.spreadAcrossZones) {
    spreads.push({ topology: kplus.Topology.ZONE }, { topology: kplus.Topology.HOSTNAME });
  }
  if (spreads.length === 0) return undefined;
  return spreads.map((spread) => {
    // An empty list asks for no matchLabelKeys (not even the workload's default).
    const keys = spread.matchLabelKeys ?? defaultMatchLabelKeys;
    return {
      topologyKey: (spread.topology ?? kplus.Topology.ZONE).key,
      maxSkew: spread.maxSkew ?? 1,
      whenUnsatisfiable: spread.whenUnsatisfiable ?? WhenUnsatisfiable.SCHEDULE_ANYWAY,
      minDomains: spread.minDomains,
      labelSelector: { matchLabels: { ...ownLabels } },
      matchLabelKeys: keys && keys.length > 0 ? keys : undefined,
    };
  });
}

/** The class name to render in `priorityClassName`. */
export function priorityClassName(props: SchedulingProps): string | undefined {
  const pc = props.priorityClass;
  return typeof pc === 'string' ? pc : pc?.name;
}

function checkWeight(pod: kplus.AbstractPod, field: string, weight: number): void {
  check(Number.isInteger(weight) && weight >= 1 && weight <= 100, pod, field, `must be a whole number from 1 to 100 (got ${weight})`);
}
