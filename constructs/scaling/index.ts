// Availability and scaling: autoscalers and disruption budgets.
export { ScalingMetric } from './scaling-metric';
export type { MetricTargetSpec, DescribedObject, CustomMetricOptions } from './scaling-metric';
export { HorizontalPodAutoscaler, SelectPolicy } from './horizontal-pod-autoscaler';
export type { HorizontalPodAutoscalerProps, ScaleTargetRef, ScalingPolicySpec, ScalingRulesSpec } from './horizontal-pod-autoscaler';
export { PodDisruptionBudget, UnhealthyPodEvictionPolicy } from './pod-disruption-budget';
export type { PodDisruptionBudgetProps } from './pod-disruption-budget';
