// The status model follows kstatus (sigs.k8s.io/cli-utils): every object is in exactly one of
// these states, with a human message. Rules are pure functions of the object's JSON.

export type Status = 'InProgress' | 'Current' | 'Failed' | 'Terminating' | 'NotFound';

/** Minimal shape of a Kubernetes object as returned by the API (plain JSON). */
export interface KObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    generation?: number;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ apiVersion?: string; kind?: string; name?: string; uid?: string; controller?: boolean }>;
    deletionTimestamp?: string;
    creationTimestamp?: string;
  };
  spec?: any;
  status?: any;
  [key: string]: any;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown' | string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface StatusResult {
  status: Status;
  message: string;
  /** Ready-ish count for progress display (ready replicas, succeeded completions…), when it applies. */
  ready?: number;
  /** Desired count for progress display, when it applies. */
  desired?: number;
  /** Replicas of the previous revision still running during a rollout (not in `ready`). */
  old?: number;
  /** Machine-readable reason for Failed (e.g. ProgressDeadlineExceeded, BackoffLimitExceeded). */
  reason?: string;
  /** Failed for good: the controller has given up, so waiting longer cannot help (a failed Job). */
  final?: boolean;
}

/** Extra facts some rules need that are not on the object itself. */
export interface StatusContext {
  /** PVC rule: volumeBindingMode of the claim's StorageClass, when known. */
  storageClassBindingMode?: string;
  /**
   * Ingress rule: whether the IngressClass the Ingress asks for (or a default one) exists. Without
   * one no controller will ever publish an address, so there is nothing to wait for.
   */
  ingressClassExists?: boolean;
  /** HorizontalPodAutoscaler rule: the live object it scales, when that is tracked too. */
  scaleTarget?: KObject;
  /** The cluster adds nodes on demand (an autoscaler, or the stack says so): unschedulable pods wait. */
  clusterCanGrow?: boolean;
  /** Restarts after which a crash loop is certain (see DEFAULT_CRASH_LOOP_RESTARTS). */
  crashLoopRestarts?: number;
}

export type StatusRule = (obj: KObject, ctx?: StatusContext) => StatusResult;
