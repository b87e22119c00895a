// Platform patterns: reusable constructs with production defaults, built on Kapstan's own constructs.
// Exported by name so that internal helpers never clash with other folders in the top-level barrel.
export * from './postgres';
export { WebService } from './web/web-service';
export type { WebServiceProps, WebServiceIngress, WebServiceNetworkPolicy } from './web/web-service';
export { TeamNamespace } from './tenancy/team-namespace';
export type { TeamNamespaceProps, TeamQuota, TeamLimits } from './tenancy/team-namespace';
export { NodeAgent } from './node/node-agent';
export type { NodeAgentProps, NodeAgentHostPath } from './node/node-agent';
export { TrainingJob, DEFAULT_GPU_NODE_SELECTOR, DEFAULT_GPU_TOLERATIONS } from './batch/training-job';
export type { TrainingJobProps } from './batch/training-job';
export * from './canary';
export type { Resources as PatternResources, ResourceSpec as PatternResourceSpec } from './pod-style';
export { SECRET_SEED_ENV, SECRET_SEED_FILE } from './secret-seed';
