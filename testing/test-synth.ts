import { App } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { SECRET_SEED_ENV } from '../constructs/patterns/secret-seed';
import { synthesizeInMemory } from '../synth/synthesize';
import type { Problem, ValidateMode } from '../synth/types';
import { toYaml } from '../synth/write';

/** A manifest as synthesized: plain JSON data (the fields every object has are typed). */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [field: string]: any };
  [field: string]: any;
}

export interface TestSynthOptions {
  /** `strict` (default): validation errors are problems with severity `error`; `warn`; `off`. */
  readonly validate?: ValidateMode;
}

/** One synthesized stack: what `kapstan synth` would write to dist/<stack>/, as data. */
export interface TestStack {
  readonly name: string;
  readonly namespace: string | null;
  /** Manifests in apply order (the order of dist/<stack>/). */
  readonly manifests: readonly Manifest[];
}

/** The outcome of synthesizing in memory. Nothing in it depends on time or chance. */
export interface TestSynth {
  /** No problem of severity `error`. */
  readonly ok: boolean;
  readonly stacks: readonly TestStack[];
  /** Validation and construct problems, in the order `kapstan synth` reports them. */
  readonly problems: readonly Problem[];
  /** Every manifest of every stack, in apply order. */
  readonly manifests: readonly Manifest[];
  /** Every manifest of one kind (`Deployment`), in apply order. */
  all(kind: string): Manifest[];
  /** The one manifest of `kind` named `name` (and in `namespace`, when given); throws when absent. */
  get(kind: string, name: string, namespace?: string): Manifest;
  /** The manifest, or undefined. */
  find(kind: string, name: string, namespace?: string): Manifest | undefined;
  /** All manifests as one multi-document YAML string, as written to dist/ (for snapshots). */
  toYaml(): string;
}

/** Seed used for generated passwords by `testApp()`, so synthesized Secrets are stable. */
export const TEST_SECRET_SEED = 'kapstan-testing-seed';

/**
 * A cdk8s App for tests. Constructs that generate passwords (PostgresCluster) read their seed when
 * they are created, so this sets $KAPSTAN_SECRET_SEED to a fixed value first (unless the test set
 * its own): the same app gives the same manifests on every run and machine, and no
 * `.kapstan/secret-seed` is written into the project.
 */
export function testApp(): App {
  process.env[SECRET_SEED_ENV] ??= TEST_SECRET_SEED;
  return new App();
}

/**
 * Synthesizes in memory, with the same defaults, ordering and validation as `kapstan synth`, and
 * writes nothing. `scope` is an App (every stack) or one Stack, Federation or Chart inside one.
 */
export function synth(scope: IConstruct, options: TestSynthOptions = {}): TestSynth {
  const root = scope.node.root;
  const result = synthesizeInMemory(root, {
    validate: options.validate ?? 'strict',
    ...(scope === root ? {} : { stack: scope.node.id }),
  });
  const stacks: TestStack[] = result.stacks.map((s) => ({
    name: s.name,
    namespace: s.namespace,
    manifests: s.objects.map((o) => o.manifest as Manifest),
  }));
  const manifests = stacks.flatMap((s) => s.manifests);
  const matches = (kind: string, name: string, namespace?: string) => (m: Manifest) =>
    m.kind === kind && m.metadata?.name === name && (namespace === undefined || m.metadata?.namespace === namespace);
  const find = (kind: string, name: string, namespace?: string) => manifests.find(matches(kind, name, namespace));
  return {
    ok: result.ok,
    stacks,
    problems: result.problems,
    manifests,
    all: (kind) => manifests.filter((m) => m.kind === kind),
    find,
    get(kind, name, namespace) {
      const found = find(kind, name, namespace);
      if (found) return found;
      const known = manifests.map((m) => `${m.kind} ${m.metadata?.namespace ? `${m.metadata.namespace}/` : ''}${m.metadata?.name}`);
      const where = namespace === undefined ? name : `${namespace}/${name}`;
      throw new Error(`no ${kind} ${where} was synthesized (have: ${known.join(', ') || 'nothing'})`);
    },
    toYaml: () => toYaml(manifests),
  };
}
