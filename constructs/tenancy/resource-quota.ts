import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { KapstanResourceProps, kapstanMetadata } from '../object-metadata';
import { constructError } from '../errors';
import { resourceListProblem, toKubeResourceList } from './resource-list';

/** Quota scopes: which pods a quota counts. */
export enum QuotaScope {
  BEST_EFFORT = 'BestEffort',
  NOT_BEST_EFFORT = 'NotBestEffort',
  TERMINATING = 'Terminating',
  NOT_TERMINATING = 'NotTerminating',
  CROSS_NAMESPACE_POD_AFFINITY = 'CrossNamespacePodAffinity',
}

/** Hard limits of a quota, with typed names for the common ones. */
export interface QuotaLimits {
  /** Sum of CPU requests (`requests.cpu`), e.g. `10`. */
  readonly requestsCpu?: string | number;
  /** Sum of memory requests (`requests.memory`), e.g. `20Gi`. */
  readonly requestsMemory?: string;
  /** Sum of CPU limits (`limits.cpu`). */
  readonly limitsCpu?: string | number;
  /** Sum of memory limits (`limits.memory`). */
  readonly limitsMemory?: string;
  /** Sum of ephemeral storage requests (`requests.ephemeral-storage`). */
  readonly requestsEphemeralStorage?: string;
  /** Sum of storage requested by claims (`requests.storage`). */
  readonly requestsStorage?: string;
  /** Number of pods. */
  readonly pods?: number;
  /** Number of Services. */
  readonly services?: number;
  /** Number of LoadBalancer Services (`services.loadbalancers`). */
  readonly loadBalancers?: number;
  /** Number of NodePort Services (`services.nodeports`). */
  readonly nodePorts?: number;
  /** Number of claims (`persistentvolumeclaims`). */
  readonly persistentVolumeClaims?: number;
  /** Number of ConfigMaps. */
  readonly configMaps?: number;
  /** Number of Secrets. */
  readonly secrets?: number;
  /** GPUs requested (`requests.nvidia.com/gpu`). */
  readonly gpus?: number;
  /** Storage per storage class name (`<class>.storageclass.storage.k8s.io/requests.storage`). */
  readonly storagePerClass?: Record<string, string>;
  /** Any other quota key, e.g. `count/deployments.apps`. */
  readonly other?: Record<string, string | number>;
}

export interface ResourceQuotaProps extends KapstanResourceProps {
  /** The limits. At least one is required. */
  readonly hard: QuotaLimits;
  /** Only count pods matching these scopes. */
  readonly scopes?: QuotaScope[];
  /** Only count pods with these priority classes. */
  readonly priorityClasses?: string[];
  /**
   * Write limits given as numbers (`pods: 100`) as JSON numbers instead of strings (`"100"`).
   * Both mean the same to the API server; this keeps manifests written that way unchanged.
   * Default false.
   */
  readonly numbersAsNumbers?: boolean;
}

const KEYS: Record<string, string> = {
  requestsCpu: 'requests.cpu', requestsMemory: 'requests.memory', limitsCpu: 'limits.cpu', limitsMemory: 'limits.memory',
  requestsEphemeralStorage: 'requests.ephemeral-storage', requestsStorage: 'requests.storage', pods: 'pods', services: 'services',
  loadBalancers: 'services.loadbalancers', nodePorts: 'services.nodeports', persistentVolumeClaims: 'persistentvolumeclaims',
  configMaps: 'configmaps', secrets: 'secrets', gpus: 'requests.nvidia.com/gpu',
};

/** A ResourceQuota for a namespace (cdk8s-plus has none; written on the low-level type). */
export class ResourceQuota extends Construct {
  public readonly apiObject: ApiObject;
  /** The hard limits by Kubernetes key. */
  public readonly hard: Record<string, string | number>;

  constructor(scope: Construct, id: string, props: ResourceQuotaProps) {
    super(scope, id);
    const hard: Record<string, string | number> = {};
    for (const [prop, key] of Object.entries(KEYS)) {
      const value = (props.hard as Record<string, string | number | undefined>)?.[prop];
      if (value !== undefined) hard[key] = value;
    }
    for (const [cls, value] of Object.entries(props.hard?.storagePerClass ?? {})) hard[`${cls}.storageclass.storage.k8s.io/requests.storage`] = value;
    Object.assign(hard, props.hard?.other);
    if (Object.keys(hard).length === 0) throw constructError(this, 'spec.hard', 'a quota needs at least one limit');
    const problem = resourceListProblem(hard);
    if (problem) throw constructError(this, `spec.hard[${problem[0]}]`, problem[1]);
    this.hard = hard;
    this.apiObject = new k8s.KubeResourceQuota(this, 'Resource', {
      metadata: kapstanMetadata(props),
      spec: {
        hard: toKubeResourceList(hard, props.numbersAsNumbers),
        scopes: props.scopes?.length ? [...props.scopes] : undefined,
        scopeSelector: props.priorityClasses?.length
          ? { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: [...props.priorityClasses] }] }
          : undefined,
      },
    });
  }

  /** The ResourceQuota name. */
  public get name(): string {
    return this.apiObject.name;
  }
}
