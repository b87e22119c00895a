import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { Stack } from '../../../../stacks';
import { synthesize } from '../../../../synth';
import type { Problem } from '../../../../synth/types';

export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; [k: string]: any };

export interface SynthOutcome {
  manifests: Manifest[];
  /** Problems reported by Kapstan's validation of the same app (schema, semantic, policy). */
  problems: Problem[];
  errors: Problem[];
}

/** Builds a one-stack app, synthesizes it through Kapstan (validated) and returns the manifests. */
export function synthStack(build: (stack: Stack) => void, namespace = 'apps'): SynthOutcome {
  const app = new App();
  const stack = new Stack(app, 'test', { namespace });
  build(stack);
  const manifests = Testing.synth(stack) as Manifest[];
  recordBaseline(manifests);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-patterns-'));
  try {
    const result = synthesize(app, { outdir, validate: 'strict' });
    return { manifests, problems: result.problems, errors: result.problems.filter((p) => p.severity === 'error') };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

export function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const m = manifests.find((x) => x.kind === kind && x.metadata.name === name);
  if (!m) throw new Error(`no ${kind} ${name} in [${manifests.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}]`);
  return m;
}

export const kinds = (manifests: Manifest[]): string[] => manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort();

let recorded = 0;

/**
 * With KAPSTAN_SYNTH_BASELINE=<dir> (scripts/synth-baseline.sh), every app a pattern test
 * synthesizes is also written to <dir>/<test file>-<n>.yaml, so a refactoring of the patterns can
 * be compared byte for byte against the manifests from before it.
 */
function recordBaseline(manifests: Manifest[]): void {
  const dir = process.env.KAPSTAN_SYNTH_BASELINE;
  if (!dir) return;
  const file = path.basename(expect.getState().testPath ?? 'unknown', '.test.ts');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${file}-${++recorded}.yaml`), manifests.map((m) => YAML.stringify(m)).join('---\n'));
}
