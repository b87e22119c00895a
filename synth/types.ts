import type { ValidateOptions } from '../validate';

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
  /** Construct path, plus `(file#document)` for included YAML. */
  path: string;
  /** Field path inside the object, e.g. `spec.template.spec.containers[0].image`. */
  field?: string;
  message: string;
}

/** How validation problems affect synthesis: `strict` fails on errors, `warn` reports only, `off` skips checks. */
export type ValidateMode = 'strict' | 'warn' | 'off';

/** The federation a stack belongs to, as written to `index.json` (the engine reads it). */
export interface FederationInfo {
  name: string;
  cluster: string;
  labels: Record<string, string>;
  weight: number;
  /** Apply wave (1 = first, e.g. a canary cluster); the engine applies waves in order. */
  wave: number;
}

/** One deployment target after synthesis: what ends up in `dist/<dir>/`. */
export interface SynthStack {
  name: string;
  /** Output folder relative to the output dir, e.g. `prod` or `global/eu-1`. */
  dir: string;
  context: string | null;
  namespace: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  federation?: FederationInfo;
  /** From the Stack's `capacity` prop, when set. */
  capacity?: 'autoscaled' | 'fixed';
  /** Stacks this one depends on (`stack.addDependency(other)`): applied before it, destroyed after it. */
  dependsOn?: string[];
  /** Options handed to validation for this stack (rule severities, externals). */
  validation?: ValidateOptions;
  /** Objects in apply order. */
  objects: SynthObject[];
}

/** One entry of `index.json`'s `objects`. */
export interface IndexEntry {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string | null;
  group: string;
  file: string;
  path: string;
}

/** The `index.json` of one stack (see docs/architecture.md). */
export interface StackIndex {
  kapstanVersion: string;
  stack: string;
  context: string | null;
  namespace: string | null;
  labels: Record<string, string>;
  federation?: FederationInfo;
  /** Whether the cluster adds nodes on demand (the Stack's `capacity`); absent: the engine detects it. */
  capacity?: 'autoscaled' | 'fixed';
  /** Stacks applied before this one by `apply --all` (`stack.addDependency(other)`). */
  dependsOn?: string[];
  objects: IndexEntry[];
}

export interface SynthOptions {
  /** Output directory (default `dist`). */
  outdir?: string;
  /** Validation mode (default `strict`). */
  validate?: ValidateMode;
  /** Only this stack (or every member of this federation). */
  stack?: string;
  /** Remove folders of stacks that no longer exist (default: when no `stack` is given). */
  prune?: boolean;
}

export interface StackSummary {
  name: string;
  dir: string;
  context: string | null;
  namespace: string | null;
  objects: number;
  /** Object count per kind, keys sorted. */
  kinds: Record<string, number>;
  files: string[];
}

export interface SynthResult {
  /** False when an error-severity problem stopped synthesis; then nothing was written. */
  ok: boolean;
  outdir: string;
  stacks: StackSummary[];
  problems: Problem[];
  durationMs: number;
}
