import { ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { MANAGED_BY } from '../labels';
import { check } from '../errors';

/** What `preemptionPolicy` allows. */
export enum PreemptionPolicy {
  /** Pods of this class may evict lower-priority pods to get scheduled (the Kubernetes default). */
  PREEMPT_LOWER_PRIORITY = 'PreemptLowerPriority',
  /** Pods of this class wait in the queue instead of evicting anyone. */
  NEVER = 'Never',
}

/** Props for `PriorityClass`. */
export interface PriorityClassProps {
  /** Priority of pods in this class; higher runs first. User classes must be <= 1,000,000,000. */
  readonly value: number;
  /** Use this class for pods that name none. Only one class in a cluster may be the default. @default false */
  readonly globalDefault?: boolean;
  /** Whether pods of this class preempt lower-priority ones. @default PREEMPT_LOWER_PRIORITY */
  readonly preemptionPolicy?: PreemptionPolicy;
  /** What the class is for, for people reading the cluster. */
  readonly description?: string;
  /** Metadata; set `name` to choose the class name. @default - a name derived from the construct path */
  readonly metadata?: ApiObjectMetadata;
}

// Values above this are reserved for system-cluster-critical and system-node-critical.
const MAX_USER_PRIORITY = 1_000_000_000;
const MIN_PRIORITY = -2_147_483_648;

/** A cluster-scoped PriorityClass (scheduling.k8s.io/v1), which pods reference by name. */
export class PriorityClass extends Construct {
  /** The class name pods put in `priorityClassName`. */
  public readonly name: string;
  /** The underlying API object (for escape hatches). */
  public readonly apiObject: kplus.k8s.KubePriorityClass;

  constructor(scope: Construct, id: string, props: PriorityClassProps) {
    super(scope, id);
    check(Number.isInteger(props.value) && props.value >= MIN_PRIORITY && props.value <= MAX_USER_PRIORITY, this, 'value',
      `must be a whole number between ${MIN_PRIORITY} and ${MAX_USER_PRIORITY} (got ${props.value})`);
    this.apiObject = new kplus.k8s.KubePriorityClass(this, 'Resource', {
      metadata: {
        ...props.metadata,
        labels: { 'app.kubernetes.io/managed-by': MANAGED_BY, ...props.metadata?.labels },
      },
      value: props.value,
      globalDefault: props.globalDefault,
      preemptionPolicy: props.preemptionPolicy,
      description: props.description,
    });
    this.name = this.apiObject.name;
  }
}
