/** One object produced by synthesis, with where it came from. */
export interface SynthObject {
  /** The plain Kubernetes manifest (apiVersion, kind, metadata, ...). */
  manifest: Record<string, any>;
  /** Construct path, e.g. `prod/web/Deployment`. */
  path: string;
  /** The stack (deployment target) the object belongs to. */
  stack: string;
  /** For objects read from a YAML file: the file and document index. */
  source?: { file: string; document: number };
}

export type Severity = 'error' | 'warning';

/** A problem found by validation; every problem names the construct path and the field. */
export interface Problem {
  severity: Severity;
  /** Rule identifier, e.g. `schema`, `selector-match`, `policy/image-tag`. */
  rule: string;
  /** Construct path (or `file#document` for included YAML). */
  path: string;
  /** Field path inside the object, e.g. `spec.template.spec.containers[0].image`. */
  field?: string;
  message: string;
}
