import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { binDir } from '../dev-cluster/binaries';

/** Where the helm binary was found, and how. */
export interface HelmBinary {
  readonly path: string;
  readonly from: 'cache' | 'KAPSTAN_HELM' | 'PATH';
}

/** Raised when no helm binary can be found; the message says how to get one. */
export class HelmNotFoundError extends Error {
  /** Printed by the synth hook without a stack trace (as an input error). */
  public readonly kapstanInputError = true;
}

const isExecutable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

let found: HelmBinary | undefined;

/**
 * The helm binary Kapstan renders charts with: the one dev-cluster/build.sh built into Kapstan's
 * cache (the tested version), else `KAPSTAN_HELM`, else the first `helm` on PATH.
 */
export function findHelm(env: Readonly<Record<string, string | undefined>> = process.env, cacheDir: () => string = binDir): HelmBinary {
  if (found && env === process.env) return found;
  const result = lookup(env, cacheDir);
  if (env === process.env) found = result;
  return result;
}

function lookup(env: Readonly<Record<string, string | undefined>>, cacheDir: () => string): HelmBinary {
  let dir: string | undefined;
  try {
    dir = cacheDir();
  } catch {
    dir = undefined; // no bash or no build script: fall through to the other places
  }
  if (dir && isExecutable(join(dir, 'helm'))) return { path: join(dir, 'helm'), from: 'cache' };
  const explicit = env['KAPSTAN_HELM'];
  if (explicit) {
    if (isExecutable(explicit)) return { path: explicit, from: 'KAPSTAN_HELM' };
    throw new HelmNotFoundError(`helm: KAPSTAN_HELM=${explicit} is not an executable file`);
  }
  for (const entry of (env['PATH'] ?? '').split(delimiter)) {
    if (entry && isExecutable(join(entry, 'helm'))) return { path: join(entry, 'helm'), from: 'PATH' };
  }
  throw new HelmNotFoundError(
    `helm not found: not in Kapstan's cache (${dir ? join(dir, 'helm') : 'dev-cluster/build.sh --print-dir failed'}), KAPSTAN_HELM is not set and no helm is on PATH. ` +
      'Build it (needs Go) with `bash node_modules/kapstan/lib/dev-cluster/build.sh` (in a Kapstan checkout: `bash dev-cluster/build.sh`), ' +
      'point KAPSTAN_HELM at a helm binary, or install helm (https://helm.sh/docs/intro/install/)',
  );
}
