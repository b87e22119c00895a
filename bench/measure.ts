// What the benchmarks measure of a command: wall time, its own CPU and peak RSS (through
// /usr/bin/time), and the CPU that dev-cluster processes used meanwhile — they share the machine
// with the tools, so their CPU shows how close a run is to what the machine allows.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

export interface Measured {
  ms: number;
  code: number;
  /** stdout and stderr together (what the command printed). */
  out: string;
  /** The command's own CPU (user + system) and peak RSS. */
  cpuMs: number;
  rssKb: number;
  /** CPU used by the watched processes while the command ran (0 without any). */
  clusterCpuMs: number;
}

/** The component pids of a dev cluster (its directory holds run/<component>.pid). */
export function devClusterPids(dir: string): number[] {
  const run = path.join(dir, 'run');
  if (!fs.existsSync(run)) return [];
  return fs.readdirSync(run).filter((f) => f.endsWith('.pid'))
    .map((f) => Number(fs.readFileSync(path.join(run, f), 'utf8').trim())).filter(Boolean);
}

let tickMs: number | undefined;

/** User + system CPU of the processes, in ms; processes that are gone count nothing. */
export function processCpuMs(pids: readonly number[]): number {
  tickMs ??= 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]); // utime, stime
    } catch { /* not running */ }
  }
  return ticks * tickMs;
}

export interface MeasureOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Processes whose CPU is taken before and after the run (e.g. a dev cluster's components). */
  watch?: () => readonly number[];
}

export function measure(cmd: string, args: readonly string[], opts: MeasureOptions = {}): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const watched = opts.watch?.() ?? [];
    const cpu0 = processCpuMs(watched);
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'BENCH_TIME %U %S %M', cmd, ...args],
      { cwd: opts.cwd, env: { ...process.env, NO_COLOR: '1', ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      const clusterCpuMs = processCpuMs(watched) - cpu0;
      const m = /BENCH_TIME ([\d.]+) ([\d.]+) (\d+)\n?$/.exec(out);
      if (m) out = out.slice(0, m.index);
      resolve({
        ms, code: code ?? 1, out, clusterCpuMs,
        cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN, rssKb: m ? Number(m[3]) : NaN,
      });
    });
  });
}

/**
 * Waits until the processes use less than `maxCores` of CPU over two consecutive seconds (or
 * `timeoutMs` passes): the controllers answer a cold apply for many seconds after it ends, and a
 * run started meanwhile would pay for the previous run's objects. Resolves to the seconds waited.
 */
export async function settle(pids: readonly number[], maxCores = 0.3, timeoutMs = 90_000): Promise<number> {
  if (!pids.length) return 0;
  const t0 = performance.now();
  let quiet = 0;
  while (quiet < 2 && performance.now() - t0 < timeoutMs) {
    const before = processCpuMs(pids);
    await new Promise((r) => setTimeout(r, 1000));
    quiet = processCpuMs(pids) - before < maxCores * 1000 ? quiet + 1 : 0;
  }
  return (performance.now() - t0) / 1000;
}
