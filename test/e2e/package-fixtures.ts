// Packing kapstan as `npm publish` would, and installing it into fresh projects from a loopback
// registry (package-registry.ts), for the package and `kapstan init` e2e tests.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalRegistry } from './package-registry';

export const REPO = path.resolve(__dirname, '..', '..');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command without blocking the event loop (the registry answers from this process). */
export function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    if (child.stdin) {
      child.stdin.on('error', () => undefined); // a command that exits without reading its input
      child.stdin.end(opts.input);
    }
  });
}

/** Fails with the command's output when it did not exit 0. */
export function expectOk(r: Run, what: string): Run {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/**
 * `npm pack` of a copy of the checkout (its sources and build scripts, the repo's node_modules
 * linked), so that building lib/ never disturbs the checkout the tests run from.
 */
export async function packKapstan(into: string): Promise<string> {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-pack-src-'));
  const build = JSON.parse(fs.readFileSync(path.join(REPO, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
  for (const rel of ['package.json', 'package-lock.json', 'README.md', 'tsconfig.json', 'tsconfig.build.json', 'bin', 'scripts', ...build.include]) {
    fs.cpSync(path.join(REPO, rel), path.join(copy, rel), { recursive: true });
  }
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(copy, 'node_modules'));
  expectOk(await run('npm', ['pack', '--pack-destination', into], { cwd: copy }), 'npm pack');
  fs.rmSync(copy, { recursive: true, force: true });
  const tarball = fs.readdirSync(into).find((f) => /^kapstan-.*\.tgz$/.test(f));
  if (!tarball) throw new Error(`npm pack left no kapstan tarball in ${into}`);
  return path.join(into, tarball);
}

/** The registry: kapstan's tarball plus every package of the repo's lockfile. */
export async function startRegistry(tarball: string): Promise<LocalRegistry> {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const registry = new LocalRegistry().addLockfile(path.join(REPO, 'package-lock.json')).addTarball(tarball, manifest);
  await registry.start();
  return registry;
}

/** npm's environment for a consumer project: only the loopback registry, a cache of its own. */
export function npmEnv(registry: LocalRegistry, cache: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // drop npm settings of an enclosing `npm test` (its registry, its cache, its prefix)
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return {
    ...env,
    npm_config_registry: registry.url,
    npm_config_cache: cache,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_loglevel: 'error',
    ...extra,
  };
}

/** Writes files (relative path -> text) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

/** A version range of a package as kapstan's own package.json names it (peer or dev). */
export function rangeOf(name: string): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const range = pkg.peerDependencies?.[name] ?? pkg.dependencies?.[name] ?? pkg.devDependencies?.[name];
  if (!range) throw new Error(`kapstan's package.json does not name ${name}`);
  return range;
}
