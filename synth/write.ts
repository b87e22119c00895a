import * as fs from 'fs';
import * as path from 'path';
import * as jsyaml from 'js-yaml';
import { indexEntry, splitIntoFiles } from './order';
import type { StackIndex, SynthStack } from './types';
import { KAPSTAN_VERSION } from '../version';

/**
 * One YAML document per object, keys in manifest order, no line folding, no anchors. js-yaml
 * rather than `yaml` here: it is several times faster on thousands of objects, and it quotes
 * strings that YAML 1.1 parsers would read as booleans, numbers or dates (`yes`, `0755`, `1:20`).
 */
export function toYaml(manifests: readonly Record<string, any>[]): string {
  return manifests.map((m) => jsyaml.dump(m, { lineWidth: -1, noRefs: true, skipInvalid: true })).join('---\n');
}

/** The files of one stack, relative to its folder: `NN-<group>.k8s.yaml` and `index.json`. */
export function renderStack(stack: SynthStack): Map<string, string> {
  const files = new Map<string, string>();
  for (const [file, objects] of splitIntoFiles(stack.objects)) {
    files.set(file, toYaml(objects.map((o) => o.manifest)));
  }
  const index: StackIndex = {
    kapstanVersion: KAPSTAN_VERSION,
    stack: stack.name,
    context: stack.context,
    namespace: stack.namespace,
    labels: stack.labels,
    ...(stack.federation ? { federation: stack.federation } : {}),
    ...(stack.capacity ? { capacity: stack.capacity } : {}),
    ...(stack.dependsOn?.length ? { dependsOn: stack.dependsOn } : {}),
    objects: stack.objects.map(indexEntry),
  };
  files.set('index.json', JSON.stringify(index, null, 2) + '\n');
  return files;
}

/**
 * Writes each stack folder under `outdir`: everything is first written to a temporary folder
 * inside `outdir` (same file system), then each stack folder replaces its old copy by rename, so a
 * failure never leaves a half-written stack. With `pruneStale`, Kapstan stack folders of stacks
 * that no longer exist are removed (a full synth describes every stack).
 */
export function writeStacks(outdir: string, stacks: Map<string, Map<string, string>>, pruneStale: boolean): void {
  fs.mkdirSync(outdir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(outdir, '.kapstan-synth-'));
  try {
    for (const [dir, files] of stacks) {
      const target = path.join(tmp, dir);
      fs.mkdirSync(target, { recursive: true });
      for (const [file, content] of files) fs.writeFileSync(path.join(target, file), content);
    }
    if (pruneStale) {
      for (const dir of findStackDirs(outdir)) {
        if (stacks.has(dir)) continue;
        fs.rmSync(path.join(outdir, dir), { recursive: true, force: true });
        // a federation folder whose last member went away goes too
        const parent = path.dirname(path.join(outdir, dir));
        if (parent !== outdir && fs.readdirSync(parent).length === 0) fs.rmdirSync(parent);
      }
    }
    for (const dir of stacks.keys()) {
      const dest = path.join(outdir, dir);
      fs.rmSync(dest, { recursive: true, force: true });
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.renameSync(path.join(tmp, dir), dest);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Stack folders (one or two levels deep, relative, `/`-separated) holding a Kapstan index.json. */
export function findStackDirs(outdir: string): string[] {
  const found: string[] = [];
  const walk = (rel: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(outdir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory() || e.name.startsWith('.')) continue;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (isKapstanIndex(path.join(outdir, child, 'index.json'))) found.push(child);
      else if (depth < 2) walk(child, depth + 1);
    }
  };
  walk('', 1);
  return found.sort();
}

function isKapstanIndex(file: string): boolean {
  try {
    return typeof JSON.parse(fs.readFileSync(file, 'utf8')).kapstanVersion === 'string';
  } catch {
    return false;
  }
}
