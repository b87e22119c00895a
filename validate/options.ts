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
  /** Extra CRD schemas, on top of CRDs declared in the app and schemas saved under `importsDir`. */
  crds?: CrdSchema[];
  /** Where `kapstan import` saved CRD schemas; default `<cwd>/imports`. `false` disables the lookup. */
  importsDir?: string | false;
}
