// Helm charts inside Kapstan stacks (helm/README.md).
export { HelmChart, helmSource } from './chart';
export type { HelmChartProps, HelmObject, HelmSource, LeftOutHook } from './chart';
export { findHelm, HelmNotFoundError } from './binary';
export type { HelmBinary } from './binary';
export { hookOf } from './hooks';
export type { HookSpec, HookDeletePolicy } from './hooks';
