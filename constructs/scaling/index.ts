export * from './scaling-metric';
export * from './horizontal-pod-autoscaler';
export * from './pod-disruption-budget';
