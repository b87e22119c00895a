// Workloads, containers and scheduling. Exported by name (not `export *`) so that internal
// helpers never clash with other construct folders in the top-level barrel.
export { WorkloadPropError } from '../errors';
export type { EnvInput, ConfigMapKeyRef, SecretKeyRef, FieldRef } from './env';
export type { ContainerProps } from './container';
export type { ExtendedResources } from './extended-resources';
export type { ResourceQuantities } from './container-extras';
export type { ManifestStyleProps } from './manifest-style';
export { emptyDirVolume } from './volumes';
export type { EmptyDirVolumeOptions } from './volumes';
export { WhenUnsatisfiable } from './scheduling';
export type { SchedulingProps, TopologySpread, NodeAffinity, PreferredNodeAffinity, PodAffinityTerm } from './scheduling';
export { PriorityClass, PreemptionPolicy } from './priority-class';
export type { PriorityClassProps } from './priority-class';
export type { PodTemplateProps, WorkloadAppLabels } from './pod-template';
export { Deployment } from './deployment';
export type { DeploymentProps } from './deployment';
export { StatefulSet, ClaimRetention } from './stateful-set';
export type { StatefulSetProps, VolumeClaimTemplate, StorageClassRef } from './stateful-set';
export { CompletionMode } from './job-options';
export type { JobOptions } from './job-options';
export { Job } from './job';
export type { JobProps } from './job';
export { CronJob } from './cron-job';
export type { CronJobProps } from './cron-job';
export { DaemonSet, DaemonSetUpdateStrategy } from './daemon-set';
export type { DaemonSetProps, DaemonSetRollingUpdateOptions } from './daemon-set';
export { Pod } from './pod';
export type { PodProps } from './pod';
