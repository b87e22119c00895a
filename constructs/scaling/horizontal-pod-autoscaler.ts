import { ApiObject, Duration, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { KapstanResourceProps, kapstanMetadata } from '../object-metadata';
import { constructError } from '../errors';
import { quantityProblem } from '../storage/quantity';
import { ScalingMetric } from './scaling-metric';

/** A workload to scale by reference, for targets not built with cdk8s-plus. */
export interface ScaleTargetRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
}

/** Which policy wins when several allow different changes. */
export enum SelectPolicy {
  MAX = 'Max',
  MIN = 'Min',
  DISABLED = 'Disabled',
}

/** At most `value` pods (or percent of current pods) change per `period`. */
export interface ScalingPolicySpec {
  readonly type: 'Pods' | 'Percent';
  readonly value: number;
  /** Window the limit applies to, 1 second to 30 minutes. */
  readonly period: Duration;
}

/** How fast to scale in one direction. */
export interface ScalingRulesSpec {
  /** Act on the most conservative recommendation over this window (0 to 1 hour). */
  readonly stabilizationWindow?: Duration;
  /** Which policy wins. Default Max. */
  readonly selectPolicy?: SelectPolicy;
  /** Rate limits. */
  readonly policies?: ScalingPolicySpec[];
}

export interface HorizontalPodAutoscalerProps extends KapstanResourceProps {
  /**
   * What to scale: a Kapstan/cdk8s-plus Deployment or StatefulSet (its replica count is then
   * left to the autoscaler), or a reference by apiVersion, kind and name.
   */
  readonly target: kplus.IScalable | ScaleTargetRef;
  /** Most replicas. Required. */
  readonly maxReplicas: number;
  /** Fewest replicas. Default 2, so one pod can fail or be evicted without an outage. */
  readonly minReplicas?: number;
  /** Metrics to scale on. Default: CPU at 70% of requests. */
  readonly metrics?: ScalingMetric[];
  /** Scale-up speed. Default: the Kubernetes default (fast). */
  readonly scaleUp?: ScalingRulesSpec;
  /** Scale-down speed. Default: the Kubernetes default (5 minute stabilization). */
  readonly scaleDown?: ScalingRulesSpec;
}

function isScalable(target: unknown): target is kplus.IScalable {
  return typeof (target as kplus.IScalable).toScalingTarget === 'function';
}

/**
 * An autoscaling/v2 HorizontalPodAutoscaler with resource and custom metrics and scaling
 * behavior. Written on the low-level type so it can target any workload by reference; a
 * cdk8s-plus target is told it is autoscaled (it then omits `replicas`).
 */
export class HorizontalPodAutoscaler extends Construct {
  public readonly apiObject: ApiObject;
  public readonly minReplicas: number;
  public readonly maxReplicas: number;

  constructor(scope: Construct, id: string, props: HorizontalPodAutoscalerProps) {
    super(scope, id);
    this.minReplicas = props.minReplicas ?? 2;
    this.maxReplicas = props.maxReplicas;
    if (!Number.isInteger(this.minReplicas) || this.minReplicas < 1) {
      throw constructError(this, 'spec.minReplicas', `must be a whole number of at least 1 (got ${this.minReplicas})`);
    }
    if (!Number.isInteger(this.maxReplicas) || this.maxReplicas < this.minReplicas) {
      throw constructError(this, 'spec.maxReplicas', `must be a whole number of at least minReplicas ${this.minReplicas} (got ${this.maxReplicas})`);
    }
    const metrics = props.metrics ?? [ScalingMetric.cpuUtilization(70)];
    if (metrics.length === 0) throw constructError(this, 'spec.metrics', 'needs at least one metric (omit it for CPU at 70%)');
    metrics.forEach((m, i) => this.checkMetric(`spec.metrics[${i}]`, m));
    this.checkRules('spec.behavior.scaleUp', props.scaleUp);
    this.checkRules('spec.behavior.scaleDown', props.scaleDown);
    if (!props.target) throw constructError(this, 'spec.scaleTargetRef', 'an autoscaler needs a target');
    const target = props.target;
    if (isScalable(target)) {
      target.markHasAutoscaler();
      // Containers can still be added to the workload, so this is checked at synth time.
      this.node.addValidation({ validate: () => targetProblems(target, metrics) });
    }
    const behavior = props.scaleUp || props.scaleDown ? { scaleUp: toRules(props.scaleUp), scaleDown: toRules(props.scaleDown) } : undefined;
    this.apiObject = new k8s.KubeHorizontalPodAutoscalerV2(this, 'Resource', {
      metadata: kapstanMetadata(props),
      spec: Lazy.any({
        produce: (): k8s.HorizontalPodAutoscalerSpecV2 => {
          // Resolved late: a cdk8s-plus workload knows its final name only at synth time.
          const ref = isScalable(target) ? target.toScalingTarget() : target;
          return {
            scaleTargetRef: { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name },
            minReplicas: this.minReplicas,
            maxReplicas: this.maxReplicas,
            metrics: metrics.map((m) => m.toKube()),
            behavior,
          };
        },
      }),
    });
  }

  /** The HorizontalPodAutoscaler name. */
  public get name(): string {
    return this.apiObject.name;
  }

  private checkMetric(field: string, m: ScalingMetric): void {
    const t = m.target;
    if ('averageUtilization' in t) {
      if (!Number.isInteger(t.averageUtilization) || t.averageUtilization < 1) {
        throw constructError(this, `${field}.target.averageUtilization`, `must be a whole percentage of at least 1 (got ${t.averageUtilization})`);
      }
      if (m.type !== 'Resource' && m.type !== 'ContainerResource') {
        throw constructError(this, `${field}.target`, `utilization targets apply to resource metrics only (type is ${m.type})`);
      }
    } else {
      const value = 'averageValue' in t ? t.averageValue : t.value;
      const problem = quantityProblem(value);
      if (problem) throw constructError(this, `${field}.target.${'averageValue' in t ? 'averageValue' : 'value'}`, problem);
      if ('value' in t && m.type !== 'Object' && m.type !== 'External') {
        throw constructError(this, `${field}.target.value`, `a plain value target applies to Object and External metrics only (type is ${m.type})`);
      }
    }
  }

  private checkRules(field: string, rules: ScalingRulesSpec | undefined): void {
    if (!rules) return;
    const window = rules.stabilizationWindow?.toSeconds();
    if (window !== undefined && (window < 0 || window > 3600)) {
      throw constructError(this, `${field}.stabilizationWindowSeconds`, `must be between 0 and 1 hour (got ${window}s)`);
    }
    rules.policies?.forEach((p, i) => {
      const period = p.period.toSeconds();
      if (period < 1 || period > 1800) throw constructError(this, `${field}.policies[${i}].periodSeconds`, `must be between 1 second and 30 minutes (got ${period}s)`);
      if (!Number.isInteger(p.value) || p.value < 1) throw constructError(this, `${field}.policies[${i}].value`, `must be a whole number of at least 1 (got ${p.value})`);
    });
  }
}

/**
 * Problems only visible with the workload in hand: a container resource metric must name one
 * of its containers, and a utilization target needs that resource requested (a limit alone
 * implies the request), otherwise the autoscaler cannot compute a percentage and never scales.
 */
function targetProblems(target: kplus.IScalable, metrics: ScalingMetric[]): string[] {
  const containers = target.toScalingTarget().containers;
  const problems: string[] = [];
  metrics.forEach((m, i) => {
    if (!m.resourceName) return;
    let scope = containers;
    if (m.containerName !== undefined) {
      scope = containers.filter((c) => c.name === m.containerName);
      if (scope.length === 0) {
        problems.push(`spec.metrics[${i}].containerResource.container: the target has no container named "${m.containerName}"`);
        return;
      }
    }
    if (!('averageUtilization' in m.target)) return;
    const resource = m.resourceName;
    const missing = scope.filter((c) => !requests(c, resource)).map((c) => c.name ?? '(unnamed)');
    if (missing.length && (resource === 'cpu' || resource === 'memory')) {
      problems.push(`spec.metrics[${i}]: ${resource} utilization needs a ${resource} request on every container of the target (missing on: ${missing.join(', ')})`);
    }
  });
  return problems;
}

function requests(container: kplus.Container, resource: string): boolean {
  const r = resource === 'cpu' ? container.resources?.cpu : resource === 'memory' ? container.resources?.memory : undefined;
  return Boolean(r?.request ?? r?.limit);
}

function toRules(rules: ScalingRulesSpec | undefined): k8s.HpaScalingRulesV2 | undefined {
  if (!rules) return undefined;
  return {
    stabilizationWindowSeconds: rules.stabilizationWindow?.toSeconds(),
    selectPolicy: rules.selectPolicy,
    policies: rules.policies?.map((p) => ({ type: p.type, value: p.value, periodSeconds: p.period.toSeconds() })),
  };
}
