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

/** Runs a command to completion and returns its wall time in milliseconds; throws on failure. */
function timed(label: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(cmd, args, { cwd: ROOT, env: { ...process.env, ...env, BENCH_SYNTH_COUNT: String(COUNT) }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) throw new Error(`${label} failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  return ms;
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
  const cdk8s: number[] = [];
  const kapstan: number[] = [];
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
  const c = median(cdk8s);
  const k = median(kapstan);
  const ratio = k / c;
  const fmt = (ms: number) => `${(ms / 1000).toFixed(2)}s`;
  console.log(`synth of ${COUNT} Deployments + ${COUNT} Services, median of ${ROUNDS} rounds`);
  console.log(`  cdk8s alone:    ${fmt(c)}  (${cdk8s.map(fmt).join(' ')})`);
  console.log(`  kapstan synth:  ${fmt(k)}  (${kapstan.map(fmt).join(' ')})  validation strict`);
  console.log(`  ratio:          ${ratio.toFixed(2)}x  (target <= ${TARGET}x: ${ratio <= TARGET ? 'met' : 'NOT met'})`);
}

main();
