import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OPTIONS_ENV, RESULT_ENV } from './protocol';
import { AppError, describeAppError } from './app-error';
import type { SynthOptions, SynthResult, ValidateMode } from './types';

export interface SynthAppOptions {
  /** Command that runs the app (default: `app` from cdk8s.yaml in `cwd`). */
  app?: string;
  /** Output directory (default `dist`, relative to `cwd`). */
  outdir?: string;
  stack?: string;
  validate?: ValidateMode;
  /** Working directory of the app (default: the current one). */
  cwd?: string;
  /** `inherit` (default) shows the app's own output; `pipe` captures it into `output`. */
  stdio?: 'inherit' | 'pipe';
}

export interface SynthAppResult extends SynthResult {
  /** The command that was run. */
  app: string;
  /** Wall time including starting the app, in milliseconds. */
  totalMs: number;
  /** The app's stdout and stderr, when `stdio: 'pipe'`. */
  output?: string;
}

const HOOK = path.join(__dirname, 'hook.js');

/**
 * Runs a cdk8s app (Kapstan or plain cdk8s) as a child process with the synth hook preloaded,
 * so its `app.synth()` is done by Kapstan, and returns the synthesis result. Throws when the app
 * fails before synthesizing or never calls `synth()`; validation problems come back in `problems`.
 */
export async function synthApp(options: SynthAppOptions = {}): Promise<SynthAppResult> {
  const started = Date.now();
  const cwd = path.resolve(options.cwd ?? '.');
  const app = options.app ?? appFromCdk8sYaml(cwd);
  const synthOptions: SynthOptions = {
    outdir: path.resolve(cwd, options.outdir ?? 'dist'),
    validate: options.validate ?? 'strict',
    ...(options.stack !== undefined ? { stack: options.stack } : {}),
  };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-synth-'));
  const resultFile = path.join(tmp, 'result.json');
  try {
    const { code, output } = await run(app, cwd, options.stdio ?? 'inherit', {
      ...process.env,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(HOOK)}`.trim(),
      [OPTIONS_ENV]: JSON.stringify(synthOptions),
      [RESULT_ENV]: resultFile,
    });
    if (!fs.existsSync(resultFile)) {
      const details = output?.trim() ?? '';
      if (fs.existsSync(`${resultFile}.error`)) {
        throw new AppError(describeAppError(app, JSON.parse(fs.readFileSync(`${resultFile}.error`, 'utf8')), cwd), details);
      }
      // Only an app that ended normally may simply have forgotten to synthesize.
      if (code === 0) throw new AppError(`app '${app}' exited without synthesizing (does it call app.synth()?)`, details);
      const last = details.split('\n').filter((l) => l.trim()).slice(-3).join('\n');
      throw new AppError(`app '${app}' exited with code ${code} before synthesizing${last ? `:\n${last}` : ''}`, details);
    }
    const results: SynthResult[] = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
    const merged = merge(results);
    if (code !== 0 && merged.ok) {
      throw new Error(`app '${app}' exited with code ${code} after synthesizing${output ? `\n${output.trim()}` : ''}`);
    }
    return { ...merged, app, totalMs: Date.now() - started, ...(output !== undefined ? { output } : {}) };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The `app` command of cdk8s.yaml in `dir`. */
export function appFromCdk8sYaml(dir: string): string {
  const file = path.join(dir, 'cdk8s.yaml');
  if (!fs.existsSync(file)) throw new Error(`no --app given and no cdk8s.yaml in ${dir}`);
  // loaded here, not at the top: `kapstan synth --app ...` never needs a YAML parser in this process
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jsyaml: typeof import('js-yaml') = require('js-yaml');
  const app = (jsyaml.load(fs.readFileSync(file, 'utf8')) as { app?: unknown } | undefined)?.app;
  if (typeof app !== 'string' || !app.trim()) throw new Error(`${file}: field 'app' must be the command that runs the app`);
  return app;
}

function run(cmd: string, cwd: string, stdio: 'inherit' | 'pipe', env: NodeJS.ProcessEnv): Promise<{ code: number; output?: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, { cwd, env, shell: true, stdio: ['ignore', stdio, stdio] });
    let output: string | undefined;
    if (stdio === 'pipe') {
      output = '';
      child.stdout!.on('data', (d) => (output += d));
      child.stderr!.on('data', (d) => (output += d));
    }
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

/** One result from several synth calls of the app (usually exactly one). */
function merge(results: SynthResult[]): SynthResult {
  if (results.length === 1) return results[0];
  return {
    ok: results.every((r) => r.ok),
    outdir: results[0]?.outdir ?? '',
    stacks: results.flatMap((r) => r.stacks),
    problems: results.flatMap((r) => r.problems),
    durationMs: results.reduce((t, r) => t + r.durationMs, 0),
  };
}
