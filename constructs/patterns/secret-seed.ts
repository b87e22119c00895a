import { createHmac, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Environment variable that supplies the seed for generated passwords (e.g. from a CI secret). */
export const SECRET_SEED_ENV = 'KAPSTAN_SECRET_SEED';
/** Per-checkout seed file, created on first use and never committed (.kapstan/ ignores itself). */
export const SECRET_SEED_FILE = path.join('.kapstan', 'secret-seed');

/**
 * The seed for generated passwords: explicit, else $KAPSTAN_SECRET_SEED, else `.kapstan/secret-seed`
 * in the working directory (created with 32 random bytes, mode 0600). A seed keeps synth output
 * byte-deterministic without putting a guessable password into the manifests.
 */
export function resolveSecretSeed(explicit?: string): string {
  if (explicit) return explicit;
  const fromEnv = process.env[SECRET_SEED_ENV];
  if (fromEnv) return fromEnv;
  const file = path.resolve(SECRET_SEED_FILE);
  // also for a folder an older Kapstan made without its .gitignore
  ignoreItself(path.dirname(file));
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/**
 * Creates `dir` with a `.gitignore` of `*`, so the seed stays out of git in any project, whatever
 * the project's own .gitignore says (git ignores a folder whose .gitignore ignores everything).
 */
function ignoreItself(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const ignore = path.join(dir, '.gitignore');
  if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, '# created by kapstan: local state, never committed\n*\n');
}

/**
 * A 32-character password derived from the seed and a stable identity (construct path + purpose).
 * base64url only: safe inside libpq conninfo strings, pgpass lines and URLs.
 */
export function derivePassword(seed: string, identity: string): string {
  return createHmac('sha256', seed).update(identity).digest('base64url').slice(0, 32);
}
