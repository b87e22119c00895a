/**
 * A structural schema node, the subset of OpenAPI v3 that Kubernetes itself validates with (the same
 * shape a CRD's openAPIV3Schema has). The built-in schema file stores only these keys.
 */
export interface SchemaNode {
  type?: string;
  format?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  enum?: unknown[];
  nullable?: boolean;
  /** A definition name in the same file (built-ins only). */
  $ref?: string;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  /** Marks resource.Quantity: a string such as `500m`/`1Gi`, or a number. */
  'x-kapstan-quantity'?: boolean;
  [keyword: string]: unknown;
}

/** The committed built-in schema file (gzip'ed JSON). */
export interface CompactSchema {
  kubernetesVersion: string;
  /** `group/version/Kind` (core: `version/Kind`) -> definition name. */
  gvk: Record<string, string>;
  /** `group/version/Kind` keys of cluster-scoped kinds (from the API paths). */
  clusterScoped: string[];
  definitions: Record<string, SchemaNode>;
}

/** `generated/index.json`: which chunk holds each kind's validator. */
export interface ValidatorIndex {
  kubernetesVersion: string;
  clusterScoped: string[];
  /** `group/version/Kind` -> chunk file name (without `.js.gz`). */
  kinds: Record<string, string>;
}
