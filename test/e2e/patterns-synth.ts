// Shared by the patterns' e2e tests: synthesize a one-stack app through Kapstan into a temp
// dist/ and apply it with the real CLI against a dev cluster.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdk8s';
import { Stack, type StackProps } from '../../stacks';
import { synthesize } from '../../synth';
import { kapstan, type RunResult } from './engine-fixtures';

/** Synthesizes (strict validation) and returns the dist dir holding `<stack>/`. */
export function synthStack(name: string, props: StackProps, build: (stack: Stack) => void): string {
  const app = new App();
  build(new Stack(app, name, props));
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `kapstan-e2e-${name}-`));
  const result = synthesize(app, { outdir, validate: 'strict' });
  const errors = result.problems.filter((p) => p.severity === 'error');
  if (!result.ok) throw new Error(`synth failed:\n${errors.map((p) => `${p.path} ${p.field ?? ''}: ${p.message}`).join('\n')}`);
  return path.join(outdir, name);
}

/** `kapstan apply --dir <stackDir>` with NDJSON output; returns the run and its summary line. */
export async function applyStack(stackDir: string, kubeconfig: string, extra: string[] = []): Promise<RunResult & { summary: any }> {
  const r = await kapstan(['apply', '--dir', stackDir, '--kubeconfig', kubeconfig, '--yes', '--output', 'json', ...extra]);
  const lines = r.stdout.split('\n').filter((l) => l.trim().startsWith('{'));
  const summary = lines.length ? JSON.parse(lines[lines.length - 1]) : undefined;
  return { ...r, summary };
}
