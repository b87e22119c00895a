import type { SchemaNode } from './schema/types';

/** How a rule's findings are reported; `off` drops them. */
export type RuleSeverity = 'error' | 'warning' | 'off';

/** An object that exists outside the app. Without `namespace` it matches any namespace. */
export type ExternalRef = string | { name: string; namespace?: string };

/** Objects the app references but does not declare (they already exist in the cluster). */
export interface ExternalObjects {
  configMaps?: ExternalRef[];
  secrets?: ExternalRef[];
  /** PersistentVolumeClaims. */
  claims?: ExternalRef[];
  serviceAccounts?: ExternalRef[];
  /** Cluster-scoped: names only. */
  storageClasses?: string[];
  /** Cluster-scoped: names only. */
  priorityClasses?: string[];
  /** Services that Ingress/route backends and StatefulSets name but the app does not declare. */
  services?: ExternalRef[];
}

/** A group of nodes the stack's cluster has, as scheduling sees them. */
export interface NodePool {
  name: string;
  /** The nodes' labels, e.g. `{ 'node.kubernetes.io/instance-type': 'g5.xlarge' }`. */
  labels?: Record<string, string>;
  taints?: Array<{ key: string; value?: string; effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' }>;
}

/** A custom resource schema registered by hand (imported bindings register theirs from `imports/`). */
export interface CrdSchema {
  group: string;
  version: string;
  kind: string;
  /** The version's `schema.openAPIV3Schema`. */
  schema: SchemaNode;
}

export interface ValidateOptions {
  /**
   * Severity per rule id, overriding the defaults (see `DEFAULT_SEVERITY`), e.g.
   * `{ 'policy/image-tag': 'error', 'policy/privileged': 'off' }`.
   */
  rules?: Record<string, RuleSeverity>;
  external?: ExternalObjects;
  /**
   * The node pools of the stack's cluster. When given, pods whose node selector, required node
   * affinity or tolerations fit none of them are reported (`node-pool`).
   */
  nodePools?: NodePool[];
  /** Extra CRD schemas, on top of CRDs declared in the app and schemas saved under `importsDir`. */
  crds?: CrdSchema[];
  /** Where `kapstan import` saved CRD schemas; default `<cwd>/imports`. `false` disables the lookup. */
  importsDir?: string | false;
}
