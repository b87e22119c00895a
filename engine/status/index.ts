// Status rules per kind (kstatus model) and failure diagnosis. Everything here is pure: it reads
// object JSON and never talks to a cluster, so it serves both the tracker and `kapstan status`.
export * from './types';
export { podProblem, formatPodProblem, type PodProblem } from './pod-problem';
export { currentReplicaSets, diagnose, relatedPods, type Diagnosis, type Related } from './diagnose';
export { warningEvents, type WarningEvent } from './events';
export { ingressClassName } from './ingress';
export { assess, POD_OWNERS, type Assessment } from './assess';
export { computeStatus, apiGroupOf, ruleFor } from './compute';
