// Validation of plain manifests from anywhere (`kapstan validate FILE…`): files, directories, stdin.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readManifests } from '../constructs/escape/manifest-reader';
import type { Problem, SynthObject } from '../synth/types';
import type { ValidateOptions } from './options';
import { validateObjects } from './validate';

export interface ManifestValidation {
  objects: SynthObject[];
  problems: Problem[];
  /** The file a problem's path names (`file#document`), for locating its line; stdin maps to a copy. */
  files: Map<string, string>;
}

/** Shown for manifests read from standard input. */
export const STDIN_NAME = '<stdin>';

/**
 * Reads every manifest kubectl apply -f would read from `targets` (`-` is standard input) and
 * validates them together, as one stack: references between the files count.
 */
export function validateManifestFiles(targets: string[], options: ValidateOptions & { recursive?: boolean; stdin?: () => string } = {}): ManifestValidation {
  const objects: SynthObject[] = [];
  const files = new Map<string, string>();
  let tmp: string | undefined;
  try {
    for (const target of targets) {
      let real = target;
      if (target === '-') {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-validate-'));
        real = path.join(tmp, 'stdin.yaml');
        fs.writeFileSync(real, (options.stdin ?? (() => fs.readFileSync(0, 'utf8')))());
      } else if (!fs.existsSync(target)) {
        throw new Error(`${target}: no such file or directory`);
      }
      for (const r of readManifests(real, { recursive: options.recursive })) {
        const shown = target === '-' ? STDIN_NAME : r.file;
        files.set(shown, target === '-' ? real : r.file);
        const m = r.manifest;
        const name = `${m.kind} ${m.metadata?.namespace ? `${m.metadata.namespace}/` : ''}${m.metadata?.name ?? ''}`;
        objects.push({ manifest: m as Record<string, any>, path: name, stack: 'manifests', source: { file: shown, document: r.document } });
      }
    }
    const problems = validateObjects(objects, options);
    if (tmp) {
      // keep the copy of stdin readable for line lookups until the process ends
      const keep = tmp;
      process.once('exit', () => fs.rmSync(keep, { recursive: true, force: true }));
      tmp = undefined;
    }
    return { objects, problems, files };
  } finally {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The file and document a problem's path names (`Kind ns/name (file#3)`), if it names one. */
export function problemSource(p: Problem, files: Map<string, string>): { file?: string; document?: number; name?: string } {
  const m = /\(([^()]+)#(\d+)\)$/.exec(p.path);
  if (!m) return {};
  const file = files.get(m[1]) ?? (fs.existsSync(m[1]) ? m[1] : undefined);
  return file ? { file, document: Number(m[2]), name: m[1] } : {};
}
