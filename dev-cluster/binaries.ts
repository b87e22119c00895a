import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The upstream programs a dev cluster runs; all are built by dev-cluster/build.sh. */
export const BINARIES = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kwok',
  'kapstan-netguard',
  'kapstan-provisioner',
  'kubectl',
] as const;
export type BinaryName = (typeof BINARIES)[number];

const BUILD_SCRIPT = join(__dirname, 'build.sh');

let cachedBinDir: string | undefined;

/** The cache directory holding the built binaries (it may not exist yet). */
export function binDir(): string {
  cachedBinDir ??= execFileSync('bash', [BUILD_SCRIPT, '--print-dir'], { encoding: 'utf8' }).trim();
  return cachedBinDir;
}

export function binaryPath(name: BinaryName): string {
  return join(binDir(), name);
}

/** Binaries not built yet, or built from toolchain sources that have changed since. */
export function missingBinaries(): BinaryName[] {
  if (BINARIES.some((b) => !existsSync(binaryPath(b)))) return BINARIES.filter((b) => !existsSync(binaryPath(b)));
  const stale = execFileSync('bash', [BUILD_SCRIPT, '--stale'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  return BINARIES.filter((b) => stale.includes(b));
}

/**
 * Builds whatever is missing (minutes on a cold cache), streaming the build script's progress to
 * stderr. Fails with a plain message when Go is needed but not installed.
 */
export async function ensureBinaries(opts: { build?: boolean } = {}): Promise<string> {
  const missing = missingBinaries();
  if (missing.length === 0) return binDir();
  if (opts.build === false) {
    throw new Error(`dev-cluster binaries missing from ${binDir()}: ${missing.join(', ')}. Run dev-cluster/build.sh (needs Go).`);
  }
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [BUILD_SCRIPT], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else if (code === 3) reject(new Error('Go is not installed and the dev-cluster binaries are not built: install Go >= 1.26 and rerun (see dev-cluster/README.md)'));
      else reject(new Error(`dev-cluster/build.sh failed with exit code ${code}`));
    });
  });
  const still = missingBinaries();
  if (still.length) throw new Error(`dev-cluster/build.sh finished but ${still.join(', ')} are missing from ${binDir()}`);
  return binDir();
}
