import { k8s } from 'cdk8s-plus-34';
import { LabelSelectorSpec } from '../networking/selector';

/** A target value for a metric: an exact value, an average per pod, or a % of requests. */
export type MetricTargetSpec =
  | { readonly averageUtilization: number }
  | { readonly averageValue: string | number }
  | { readonly value: string | number };

/** The object a metric describes (for `object` metrics), e.g. an Ingress. */
export interface DescribedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
}

/** A custom or external metric: name, optional label selector and target. */
export interface CustomMetricOptions {
  /** Metric name as served by the custom/external metrics API. */
  readonly name: string;
  /** Narrow the metric series by labels. */
  readonly selector?: LabelSelectorSpec;
  /** The value to keep the metric at. */
  readonly target: MetricTargetSpec;
}

/** A metric a HorizontalPodAutoscaler scales on. */
export class ScalingMetric {
  /** Average CPU use as a percentage of the pods' CPU requests. */
  public static cpuUtilization(percent: number): ScalingMetric {
    return ScalingMetric.resource('cpu', { averageUtilization: percent });
  }

  /** Average memory use as a percentage of the pods' memory requests. */
  public static memoryUtilization(percent: number): ScalingMetric {
    return ScalingMetric.resource('memory', { averageUtilization: percent });
  }

  /** A resource (cpu, memory, ...) across all containers of the pods. */
  public static resource(name: string, target: MetricTargetSpec): ScalingMetric {
    return new ScalingMetric('Resource', { resource: { name, target: toTarget(target) } }, target, name);
  }

  /** A resource of one named container only (ignores sidecars). */
  public static containerResource(container: string, name: string, target: MetricTargetSpec): ScalingMetric {
    return new ScalingMetric('ContainerResource', { containerResource: { container, name, target: toTarget(target) } }, target, name, container);
  }

  /** A custom per-pod metric (e.g. `http_requests_per_second`), averaged over the pods. */
  public static pods(options: CustomMetricOptions): ScalingMetric {
    return new ScalingMetric('Pods', { pods: { metric: metric(options), target: toTarget(options.target) } }, options.target);
  }

  /** A custom metric describing another object (e.g. requests on an Ingress). */
  public static object(options: CustomMetricOptions & { readonly describedObject: DescribedObject }): ScalingMetric {
    const { apiVersion, kind, name } = options.describedObject;
    return new ScalingMetric('Object', {
      object: { describedObject: { apiVersion, kind, name }, metric: metric(options), target: toTarget(options.target) },
    }, options.target);
  }

  /** A metric from outside the cluster (e.g. a queue length). */
  public static external(options: CustomMetricOptions): ScalingMetric {
    return new ScalingMetric('External', { external: { metric: metric(options), target: toTarget(options.target) } }, options.target);
  }

  private constructor(
    public readonly type: string,
    private readonly spec: Omit<k8s.MetricSpecV2, 'type'>,
    /** The target as given, for checks. */
    public readonly target: MetricTargetSpec,
    /** For resource metrics: the resource (cpu, memory, ...). */
    public readonly resourceName?: string,
    /** For container resource metrics: the container. */
    public readonly containerName?: string,
  ) {}

  /** The manifest form of this metric. */
  public toKube(): k8s.MetricSpecV2 {
    return { type: this.type, ...this.spec };
  }
}

function metric(options: CustomMetricOptions): k8s.MetricIdentifierV2 {
  return { name: options.name, selector: options.selector };
}

function toTarget(target: MetricTargetSpec): k8s.MetricTargetV2 {
  if ('averageUtilization' in target) return { type: 'Utilization', averageUtilization: target.averageUtilization };
  if ('averageValue' in target) return { type: 'AverageValue', averageValue: k8s.Quantity.fromString(String(target.averageValue)) };
  return { type: 'Value', value: k8s.Quantity.fromString(String(target.value)) };
}
