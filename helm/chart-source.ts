import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where a chart comes from: a local directory or `.tgz`, or a repository / OCI reference. */
export interface ChartReference {
  /** A chart directory, a packaged `.tgz`, `oci://…`, or a chart name in `repo`. */
  readonly chart: string;
  /** The chart repository URL for a chart name (helm's `--repo`). */
  readonly repo?: string;
  /** The chart version to pull (repository and OCI charts). */
  readonly version?: string;
  /** An OCI registry served over plain HTTP, such as one on localhost (helm's `--plain-http`). */
  readonly plainHttp?: boolean;
}

const isPackage = (chart: string) => /\.(tgz|tar\.gz)$/.test(chart);

/** Whether the reference is a local directory or package (anything else is pulled). */
export function isLocalChart(ref: ChartReference): boolean {
  return !ref.repo && !ref.chart.startsWith('oci://') && (isPackage(ref.chart) || existsSync(ref.chart));
}

/**
 * A directory holding the chart's files: the directory itself, or the package unpacked into a
 * cache keyed by its content (or by reference and version for a pulled chart), so that Kapstan can
 * read its values, schema and templates, and every synth renders the same files.
 */
export function chartDirectory(ref: ChartReference, helm: string, where: string): string {
  if (!ref.repo && !ref.chart.startsWith('oci://') && !isPackage(ref.chart)) {
    const dir = resolve(ref.chart);
    if (!existsSync(dir)) throw new Error(`${where}: chart: ${ref.chart} does not exist (a chart directory, a .tgz, oci://… or a name with repo)`);
    if (!statSync(dir).isDirectory() || !existsSync(join(dir, 'Chart.yaml'))) throw new Error(`${where}: chart: ${ref.chart} is not a chart directory (no Chart.yaml)`);
    return dir;
  }
  if (isPackage(ref.chart) && !ref.repo) {
    if (!existsSync(ref.chart)) throw new Error(`${where}: chart: ${ref.chart} does not exist`);
    const key = createHash('sha256').update(readFileSync(ref.chart)).digest('hex').slice(0, 16);
    return unpacked(key, (into) => execFileSync('tar', ['-xzf', resolve(ref.chart), '-C', into], { stdio: ['ignore', 'ignore', 'pipe'] }), where);
  }
  if (!ref.version) throw new Error(`${where}: version: a chart from a repository or registry needs a version, so that every synth renders the same chart`);
  const key = createHash('sha256').update(`${ref.repo ?? ''}\n${ref.chart}\n${ref.version}`).digest('hex').slice(0, 16);
  return unpacked(key, (into) => {
    const args = ['pull', ref.chart, '--version', ref.version!, '--untar', '--untardir', into, ...(ref.repo ? ['--repo', ref.repo] : []), ...(ref.plainHttp ? ['--plain-http'] : [])];
    try {
      execFileSync(helm, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      throw new Error(`${where}: chart: helm pull ${ref.chart} failed: ${String((e as { stderr?: Buffer }).stderr ?? (e as Error).message).trim().split('\n')[0]}`);
    }
  }, where);
}

/** The chart directory inside a cache entry, unpacking it first when it is not there yet. */
function unpacked(key: string, unpack: (into: string) => void, where: string): string {
  const root = join(tmpdir(), 'kapstan-helm-charts');
  const dest = join(root, key);
  if (!existsSync(dest)) {
    // Unpacked beside, then renamed: a concurrent synth never sees half a chart.
    const partial = `${dest}.${process.pid}.partial`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    try {
      unpack(partial);
    } catch (e) {
      rmSync(partial, { recursive: true, force: true });
      throw e;
    }
    try {
      renameSync(partial, dest);
    } catch {
      rmSync(partial, { recursive: true, force: true }); // another process won the race
    }
  }
  const dirs = readdirSync(dest).filter((d) => existsSync(join(dest, d, 'Chart.yaml')));
  if (dirs.length !== 1) throw new Error(`${where}: chart: the package holds ${dirs.length} charts, expected one`);
  return join(dest, dirs[0]);
}
