// Where a command's desired state comes from: `--dir` (existing synth output) or the app,
// synthesized first with the same validation as `kapstan synth` — for one stack or a federation.
import { UsageError } from './errors';
import { federationDir, readFederation, type FederationMember } from './federation/members';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findStackDir, listStacks, readStackDir, StackSource } from './source';

export interface LoadOptions {
  app?: string;
  dir?: string;
  stack?: string;
  /** Where synthesis writes when no --dir is given. */
  outdir?: string;
  /** Receives the app's own output and validation problems (stderr). */
  log?: (text: string) => void;
  /** Told that the app is being synthesized, and when it is done (it can take seconds before anything else shows). */
  progress?: (line: string) => void;
}

export async function loadStack(opts: LoadOptions): Promise<StackSource> {
  if (opts.app && opts.dir) throw new UsageError('use either --app or --dir, not both');
  if (opts.dir) {
    // --dir pointing at a stack's own folder: --stack, when given, must name that stack.
    const dir = findStackDir(opts.dir, opts.stack);
    return readStackDir(dir, dir === opts.dir ? opts.stack : undefined);
  }
  const outdir = opts.outdir ?? 'dist';
  const wrote = await synthesize({ app: opts.app, stack: opts.stack, outdir, log: opts.log, progress: opts.progress, nothingSentTo: 'the cluster' });
  return readStackDir(findStackDir(wrote, opts.stack, `the app (synthesized to ${outdir})`));
}

/**
 * Every single-cluster stack of the app (`--all`): from `--dir` (dist/, or one stack's folder) or
 * the app synthesized first. Federation members (dist/<federation>/<cluster>/) are left out: they
 * are deployed with `--federation`.
 */
export async function loadAllStacks(opts: Omit<LoadOptions, 'stack'>): Promise<StackSource[]> {
  if (opts.app && opts.dir) throw new UsageError('use either --app or --dir, not both');
  let dist: string;
  if (opts.dir) {
    if (!fs.existsSync(opts.dir)) throw new UsageError(`--dir ${opts.dir}: no such directory (run \`kapstan synth\` first)`);
    if (fs.existsSync(path.join(opts.dir, 'index.json'))) return [readStackDir(opts.dir)];
    dist = opts.dir;
  } else {
    dist = await synthesize({ app: opts.app, outdir: opts.outdir ?? 'dist', log: opts.log, progress: opts.progress, nothingSentTo: 'any cluster' });
  }
  const names = listStacks(dist).filter((n) => !n.includes('/'));
  if (!names.length) throw new UsageError(`${opts.dir ? `--dir ${opts.dir}` : `the app (synthesized to ${dist})`}: no stacks found (run \`kapstan synth\` first)`);
  return names.map((n) => readStackDir(path.join(dist, n)));
}

export interface FederationLoadOptions {
  app?: string;
  dir?: string;
  /** --stack, refused: the federation names its member stacks. */
  stack?: string;
  federation: string;
  log?: (text: string) => void;
}

/** A federation's members from `--dir` or the app synthesized first, as loadStack does for one stack. */
export async function loadFederation(opts: FederationLoadOptions): Promise<FederationMember[]> {
  if (opts.app && opts.dir) throw new UsageError('use either --app or --dir, not both');
  if (opts.stack) throw new UsageError('--stack and --federation cannot be combined (the federation names its member stacks)');
  const dist = opts.dir || await synthesize({ app: opts.app, stack: opts.federation, outdir: 'dist', log: opts.log, nothingSentTo: 'any cluster' });
  return readFederation(federationDir(dist, opts.federation), opts.federation);
}

/** Runs the app with the validation of `kapstan synth`; returns where it wrote. Bad output is a usage error. */
async function synthesize(opts: { app?: string; stack?: string; outdir: string; log?: (text: string) => void; progress?: (line: string) => void; nothingSentTo: string }): Promise<string> {
  const { synthApp } = (require('../synth/run-app') as typeof import('../synth/run-app'));
  const { formatProblems } = (require('../synth/report') as typeof import('../synth/report'));
  opts.progress?.(`synthesizing ${opts.stack ? `stack ${opts.stack}` : 'the app'} (${opts.app ?? 'app in cdk8s.yaml'})…`);
  const result = await synthApp({ app: opts.app, outdir: opts.outdir, stack: opts.stack, stdio: 'pipe' });
  if (opts.progress && result.ok) {
    const objects = result.stacks.reduce((n, st) => n + (st.objects ?? 0), 0);
    opts.progress(`synthesized ${result.stacks.length} stack(s), ${objects} object(s) in ${(result.totalMs / 1000).toFixed(1)}s`);
  }
  const problems = formatProblems(result.problems);
  if (problems.length) opts.log?.(problems.join('\n'));
  if (!result.ok) {
    if (result.output) opts.log?.(result.output.trim());
    throw new UsageError(`synthesis failed: ${result.problems.filter((p) => p.severity === 'error').length} error(s); nothing was sent to ${opts.nothingSentTo}`);
  }
  return result.outdir ?? opts.outdir;
}
