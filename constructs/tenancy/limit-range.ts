import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { KapstanResourceProps, kapstanMetadata } from '../object-metadata';
import { constructError } from '../errors';
import { parseQuantity } from '../storage/quantity';
import { ResourceList, resourceListProblem, toKubeResourceList } from './resource-list';

/** Limits for each container in the namespace. */
export interface ContainerLimits {
  /** Requests given to containers that set none. */
  readonly defaultRequest?: ResourceList;
  /** Limits given to containers that set none. */
  readonly defaultLimit?: ResourceList;
  /** Smallest allowed request/limit. */
  readonly min?: ResourceList;
  /** Largest allowed request/limit. */
  readonly max?: ResourceList;
  /** Largest allowed limit/request ratio. */
  readonly maxLimitRequestRatio?: ResourceList;
}

/** Bounds of a pod's total resources or of a claim's size. */
export interface MinMax {
  readonly min?: ResourceList;
  readonly max?: ResourceList;
}

export interface LimitRangeProps extends KapstanResourceProps {
  /**
   * Per-container defaults and bounds. Default (when no other section is given): request
   * 100m CPU and 128Mi memory, limit 512Mi memory, so pods without resources still get
   * scheduled sensibly and cannot eat a node's memory. No CPU limit: it only causes throttling.
   */
  readonly container?: ContainerLimits;
  /** Bounds on the sum over a pod's containers. */
  readonly pod?: MinMax;
  /** Bounds on claim sizes (`storage`). */
  readonly persistentVolumeClaim?: MinMax;
}

/** The default container limits used when a LimitRange is given no sections. */
export const DEFAULT_CONTAINER_LIMITS: ContainerLimits = {
  defaultRequest: { cpu: '100m', memory: '128Mi' },
  defaultLimit: { memory: '512Mi' },
};

/** A LimitRange for a namespace (cdk8s-plus has none; written on the low-level type). */
export class LimitRange extends Construct {
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: LimitRangeProps = {}) {
    super(scope, id);
    const container = props.container ?? (props.pod || props.persistentVolumeClaim ? undefined : DEFAULT_CONTAINER_LIMITS);
    const limits: k8s.LimitRangeItem[] = [];
    if (container) {
      this.check('spec.limits[Container]', container as Record<string, ResourceList | undefined>);
      this.checkOrder('spec.limits[Container]', container);
      limits.push({
        type: 'Container',
        defaultRequest: toKubeResourceList(container.defaultRequest),
        default: toKubeResourceList(container.defaultLimit),
        min: toKubeResourceList(container.min),
        max: toKubeResourceList(container.max),
        maxLimitRequestRatio: toKubeResourceList(container.maxLimitRequestRatio),
      });
    }
    if (props.pod) {
      this.check('spec.limits[Pod]', props.pod as Record<string, ResourceList | undefined>);
      this.checkOrder('spec.limits[Pod]', props.pod);
      limits.push({ type: 'Pod', min: toKubeResourceList(props.pod.min), max: toKubeResourceList(props.pod.max) });
    }
    if (props.persistentVolumeClaim) {
      this.check('spec.limits[PersistentVolumeClaim]', props.persistentVolumeClaim as Record<string, ResourceList | undefined>);
      this.checkOrder('spec.limits[PersistentVolumeClaim]', props.persistentVolumeClaim);
      const { min, max } = props.persistentVolumeClaim;
      limits.push({ type: 'PersistentVolumeClaim', min: toKubeResourceList(min), max: toKubeResourceList(max) });
    }
    this.apiObject = new k8s.KubeLimitRange(this, 'Resource', { metadata: kapstanMetadata(props), spec: { limits } });
  }

  /** The LimitRange name. */
  public get name(): string {
    return this.apiObject.name;
  }

  private check(field: string, sections: Record<string, ResourceList | undefined>): void {
    for (const [section, list] of Object.entries(sections)) {
      const problem = list && resourceListProblem(list);
      if (problem) throw constructError(this, `${field}.${section}[${problem[0]}]`, problem[1]);
    }
  }

  /** min <= defaultRequest <= defaultLimit <= max, per resource. */
  private checkOrder(field: string, c: ContainerLimits): void {
    const chain: [string, ResourceList | undefined][] = [
      ['min', c.min], ['defaultRequest', c.defaultRequest], ['defaultLimit', c.defaultLimit], ['max', c.max],
    ];
    const keys = new Set(chain.flatMap(([, list]) => Object.keys(list ?? {})));
    for (const key of keys) {
      const present = chain.filter(([, list]) => list?.[key] !== undefined);
      for (let i = 1; i < present.length; i++) {
        const [lowName, low] = present[i - 1];
        const [highName, high] = present[i];
        if (parseQuantity(low![key])! > parseQuantity(high![key])!) {
          throw constructError(this, `${field}.${highName}[${key}]`, `${high![key]} is below ${lowName} ${low![key]}`);
        }
      }
    }
  }
}
