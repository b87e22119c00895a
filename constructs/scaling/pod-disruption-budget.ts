import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { KapstanResourceProps, kapstanMetadata } from '../object-metadata';
import { constructError } from '../errors';
import { PodSelection, toLabelSelector } from '../networking/selector';

/** When unhealthy (running but not ready) pods may be evicted. */
export enum UnhealthyPodEvictionPolicy {
  /** Only while the budget is met (Kubernetes default; can block node drains forever). */
  IF_HEALTHY_BUDGET = 'IfHealthyBudget',
  /** Always: a broken pod never blocks a drain. */
  ALWAYS_ALLOW = 'AlwaysAllow',
}

export interface PodDisruptionBudgetProps extends KapstanResourceProps {
  /**
   * The pods to protect: a workload construct, `{ app }` or `{ labels }`. Default: the
   * selector labels of `app`.
   */
  readonly selector?: PodSelection;
  /** Pods that must stay up during voluntary disruptions: a count or a percentage like `50%`. */
  readonly minAvailable?: number | string;
  /** Pods that may be down at once: a count or a percentage. Default 1 (when minAvailable is unset). */
  readonly maxUnavailable?: number | string;
  /** Whether unhealthy pods may be evicted. Default AlwaysAllow, so a broken pod cannot block a node drain. */
  readonly unhealthyPodEvictionPolicy?: UnhealthyPodEvictionPolicy;
}

function budgetProblem(value: number | string): string | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? undefined : `must be a whole number of at least 0 (got ${value})`;
  const match = /^(\d{1,3})%$/.exec(value);
  if (!match || Number(match[1]) > 100) return `"${value}" is not a count or a percentage between 0% and 100%`;
  return undefined;
}

function toIntOrString(value: number | string): k8s.IntOrString {
  return typeof value === 'number' ? k8s.IntOrString.fromNumber(value) : k8s.IntOrString.fromString(value);
}

/**
 * A PodDisruptionBudget (cdk8s-plus has none; written on the low-level type). Default: at most
 * one pod down at a time, and unhealthy pods never block a drain.
 */
export class PodDisruptionBudget extends Construct {
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: PodDisruptionBudgetProps) {
    super(scope, id);
    if (props.minAvailable !== undefined && props.maxUnavailable !== undefined) {
      throw constructError(this, 'spec.maxUnavailable', 'set either minAvailable or maxUnavailable, not both');
    }
    const selection = props.selector ?? (props.app ? { app: props.app } : undefined);
    if (!selection) throw constructError(this, 'spec.selector', 'a disruption budget needs a selector (or app)');
    const selector = toLabelSelector(selection);
    if (!Object.keys(selector.matchLabels ?? {}).length && !selector.matchExpressions?.length) {
      throw constructError(this, 'spec.selector', 'an empty selector would match every pod in the namespace');
    }
    const maxUnavailable = props.minAvailable === undefined ? props.maxUnavailable ?? 1 : undefined;
    for (const [field, value] of [['minAvailable', props.minAvailable], ['maxUnavailable', maxUnavailable]] as const) {
      const problem = value === undefined ? undefined : budgetProblem(value);
      if (problem) throw constructError(this, `spec.${field}`, problem);
    }
    if (maxUnavailable === 0 || maxUnavailable === '0%') {
      throw constructError(this, 'spec.maxUnavailable', '0 would block every node drain; use at least 1');
    }
    this.apiObject = new k8s.KubePodDisruptionBudget(this, 'Resource', {
      metadata: kapstanMetadata(props),
      spec: {
        selector,
        minAvailable: props.minAvailable === undefined ? undefined : toIntOrString(props.minAvailable),
        maxUnavailable: maxUnavailable === undefined ? undefined : toIntOrString(maxUnavailable),
        unhealthyPodEvictionPolicy: props.unhealthyPodEvictionPolicy ?? UnhealthyPodEvictionPolicy.ALWAYS_ALLOW,
      },
    });
  }

  /** The PodDisruptionBudget name. */
  public get name(): string {
    return this.apiObject.name;
  }
}
