// Benchmark: `kapstan synth` against cdk8s alone on the same generated app (bench/synth-app.ts:
// 1,000 Deployments + 1,000 Services), measured in one run, alternating, median of the rounds.
// Prints both times and the ratio (target: kapstan <= 1.3x cdk8s).
//   npm run bench:synth            BENCH_SYNTH_COUNT=1000 BENCH_SYNTH_ROUNDS=3
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const APP = `${TSX} ${path.join(__dirname, 'synth-app.ts')}`;
const COUNT = Number(process.env.BENCH_SYNTH_COUNT ?? 1000);
const ROUNDS = Number(process.env.BENCH_SYNTH_ROUNDS ?? 3);
const TARGET = 1.3;

interface Timing {
  /** Wall time, milliseconds. */
  wall: number;
  /** CPU time (user + system) of the command and all its child processes, milliseconds. */
  cpu: number;
}

/**
 * Runs a command to completion; throws on failure. It runs under bash so that the `times`
 * builtin can report the CPU time of every process the command started: on a shared, busy
 * machine CPU time is the steadier measure, wall time the one users feel.
 */
function timed(label: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): Timing {
  const start = process.hrtime.bigint();
  const script = '"$@" > "$BENCH_LOG" 2>&1; status=$?; times; exit $status';
  const log = path.join(os.tmpdir(), `kapstan-bench-${process.pid}.log`);
  const run = spawnSync('bash', ['-c', script, 'bench', cmd, ...args], {
    cwd: ROOT, env: { ...process.env, ...env, BENCH_SYNTH_COUNT: String(COUNT), BENCH_LOG: log }, encoding: 'utf8',
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const output = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
  fs.rmSync(log, { force: true });
  if (run.status !== 0) throw new Error(`${label} failed (exit ${run.status}):\n${output}${run.stderr}`);
  // `times` prints the shell's own line, then the children's: "0m1.234s 0m0.123s"
  const children = run.stdout.trim().split('\n').pop() ?? '';
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((t, m) => t + Number(m[1]) * 60 + Number(m[2]), 0);
  return { wall, cpu: seconds * 1000 };
}

/** Number of YAML documents in the files under `dir` (to check both runs produced everything). */
function documents(dir: string): number {
  let n = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.k8s.yaml')) continue;
    const text = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    n += text.split(/^---$/m).filter((d) => d.trim()).length;
  }
  return n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-bench-'));
  const cdk8s: Timing[] = [];
  const kapstan: Timing[] = [];
  try {
    // one untimed run each warms tsx's compile cache, so both sides start equally warm
    timed('cdk8s warm-up', TSX, [path.join(__dirname, 'synth-app.ts')], { CDK8S_OUTDIR: path.join(tmp, 'warm-cdk8s') });
    timed('kapstan warm-up', process.execPath, ['bin/kapstan.js', 'synth', '--app', APP, '--output', path.join(tmp, 'warm-kapstan')], {});
    for (let round = 0; round < ROUNDS; round++) {
      const c = path.join(tmp, `cdk8s-${round}`);
      const k = path.join(tmp, `kapstan-${round}`);
      cdk8s.push(timed('cdk8s', TSX, [path.join(__dirname, 'synth-app.ts')], { CDK8S_OUTDIR: c }));
      kapstan.push(timed('kapstan synth', process.execPath, ['bin/kapstan.js', 'synth', '--app', APP, '--output', k], {}));
      const expected = 2 * COUNT;
      if (documents(c) !== expected || documents(k) !== expected) {
        throw new Error(`expected ${expected} objects from both, got cdk8s ${documents(c)}, kapstan ${documents(k)}`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const fmt = (ms: number) => `${(ms / 1000).toFixed(2)}s`;
  const row = (name: string, runs: Timing[]) =>
    `  ${name.padEnd(15)} wall ${fmt(median(runs.map((r) => r.wall)))}  cpu ${fmt(median(runs.map((r) => r.cpu)))}  (wall per round: ${runs.map((r) => fmt(r.wall)).join(' ')})`;
  const wallRatio = median(kapstan.map((r) => r.wall)) / median(cdk8s.map((r) => r.wall));
  const cpuRatio = median(kapstan.map((r) => r.cpu)) / median(cdk8s.map((r) => r.cpu));
  console.log(`synth of ${COUNT} Deployments + ${COUNT} Services, median of ${ROUNDS} rounds (kapstan with strict validation)`);
  console.log(row('cdk8s alone:', cdk8s));
  console.log(row('kapstan synth:', kapstan));
  const verdict = (r: number) => `${r.toFixed(2)}x (${r <= TARGET ? 'met' : 'NOT met'})`;
  console.log(`  ratio           wall ${verdict(wallRatio)}  cpu ${verdict(cpuRatio)}  target <= ${TARGET}x`);
}

main();
