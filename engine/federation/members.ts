// Finding a federation's member stacks in synth output: `<dist>/<federation>/<cluster>/index.json`
// with a `federation` block naming it (the Karmada folder has none and is not a member).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../errors';
import { readStackDir, type StackSource } from '../source';

export interface FederationMember {
  cluster: string;
  wave: number;
  weight: number;
  labels: Record<string, string>;
  /** The member's stack directory. */
  dir: string;
  source: StackSource;
}

function readBlock(dir: string): any {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8')).federation;
  } catch {
    return undefined;
  }
}

/** The folder of federation NAME: DIR itself when its members name it, else DIR/NAME. */
export function federationDir(dir: string, name: string): string {
  if (!fs.existsSync(dir)) throw new UsageError(`--dir ${dir}: no such directory (run \`kapstan synth\` first)`);
  const isFed = (d: string) => fs.existsSync(d) && fs.statSync(d).isDirectory() &&
    fs.readdirSync(d).some((c) => readBlock(path.join(d, c))?.name === name);
  if (isFed(path.join(dir, name))) return path.join(dir, name);
  if (isFed(dir)) return dir;
  const known = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory())
    .flatMap((e) => fs.readdirSync(path.join(dir, e.name)).map((c) => readBlock(path.join(dir, e.name, c))?.name).filter(Boolean));
  const names = [...new Set(known)].sort();
  throw new UsageError(`--dir ${dir}: no federation "${name}" (federations here: ${names.join(', ') || 'none'})`);
}

/** Reads every member of federation NAME under FEDDIR (sorted by wave, then cluster name). */
export function readFederation(fedDir: string, name: string): FederationMember[] {
  const members: FederationMember[] = [];
  for (const entry of fs.readdirSync(fedDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(fedDir, entry.name);
    const block = readBlock(dir);
    if (block?.name !== name) continue;
    const wave = block.wave ?? 1;
    if (!Number.isInteger(wave) || wave < 1) throw new UsageError(`${path.join(dir, 'index.json')}: federation.wave must be a positive integer (got ${wave})`);
    members.push({ cluster: block.cluster ?? entry.name, wave, weight: block.weight ?? 1, labels: block.labels ?? {}, dir, source: readStackDir(dir) });
  }
  if (!members.length) throw new UsageError(`${fedDir}: federation "${name}" has no member stacks`);
  return members.sort((a, b) => a.wave - b.wave || a.cluster.localeCompare(b.cluster));
}
