import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A chart that calls random or time functions is rendered twice to prove its output does not
// change. Once two renders of an input agreed, later synths of the same input (the chart's files,
// the helm binary, every argument and value) render once: the verdict is kept as an empty file
// named by the input's digest. A chart whose renders differ is never recorded, so it fails on
// every synth.

const DIR = join(tmpdir(), 'kapstan-helm-deterministic');

/** The digest of everything a render depends on. */
export function renderDigest(helm: string, chartDir: string, args: readonly unknown[]): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([helm, args]));
  const walk = (dir: string, rel: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full, `${rel}${entry.name}/`);
      else if (entry.isFile()) hash.update(`\0${rel}${entry.name}\0`).update(readFileSync(full));
    }
  };
  walk(chartDir, '');
  return hash.digest('hex');
}

export function isKnownDeterministic(digest: string): boolean {
  return existsSync(join(DIR, digest));
}

export function recordDeterministic(digest: string): void {
  try {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(join(DIR, digest), '');
  } catch {
    // Only a saving: without it the next synth renders twice again.
  }
}
