// Start-up of the installed CLI against the CLI of this checkout, in one run: `npm pack`, installed
// into a fresh project from a loopback registry (as test/e2e/package-consumers does), then
// `kapstan --help` and a no-op re-apply of the same 1,000 objects, each side taking turns to go
// first. Not a test: prints the figures and writes its section of bench/RESULTS.md.
//   KUBECONFIG=<dev cluster kubeconfig> npx tsx bench/startup.ts [objects=1000] [rounds=7]
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bigStack, writeStack } from '../test/e2e/engine-fixtures';
import { expectOk, npmEnv, packKapstan, rangeOf, run, startRegistry, writeFiles } from '../test/e2e/package-fixtures';
import { measure, type Measured } from './measure';
import { writeResultsSection } from './results-file';

const N = Number(process.argv[2] ?? 1000);
const ROUNDS = Number(process.argv[3] ?? 7);
const ROOT = path.resolve(__dirname, '..');
const kubeconfig: string = process.env.KUBECONFIG ?? '';
if (!kubeconfig) throw new Error('set KUBECONFIG to the dev cluster kubeconfig');

const fmt = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-bench-startup-'));
  const registry = await startRegistry(await packKapstan(work));
  try {
    const app = path.join(work, 'app');
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    const deps = { kapstan: version, cdk8s: rangeOf('cdk8s'), 'cdk8s-plus-34': rangeOf('cdk8s-plus-34'), constructs: rangeOf('constructs') };
    writeFiles(app, { 'package.json': JSON.stringify({ name: 'bench-app', version: '1.0.0', private: true, dependencies: deps }) });
    expectOk(await run('npm', ['install'], { cwd: app, env: npmEnv(registry, path.join(work, 'npm-cache')) }), 'npm install');
    // The checkout runs its bundle too, once it is built from the current sources.
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-cli.js')], { stdio: 'inherit' });

    const sides = {
      installed: path.join(app, 'node_modules', 'kapstan', 'bin', 'kapstan.js'),
      checkout: path.join(ROOT, 'bin', 'kapstan.js'),
    };
    const ns = `bench-startup-${process.pid}`;
    const dist = writeStack('bench', ns, bigStack(ns, N), path.join(work, 'dist'));
    const env = { KUBECONFIG: kubeconfig };
    const cli = (side: keyof typeof sides, args: string[]) => measure(process.execPath, [sides[side], ...args], { cwd: work, env });
    const check = (r: Measured, what: string) => {
      if (r.code !== 0) throw new Error(`${what} exited ${r.code}:\n${r.out.slice(-2000)}`);
      return r;
    };
    check(await cli('checkout', ['apply', '--dir', path.join(dist, 'bench'), '--no-wait', '--yes']), 'first apply');

    const cases: { name: string; args: string[] }[] = [
      { name: '`kapstan --help`', args: ['--help'] },
      { name: `no-op re-apply, ${N} objects`, args: ['apply', '--dir', path.join(dist, 'bench'), '--no-wait', '--yes'] },
    ];
    const results: Record<string, Record<string, number[]>> = {};
    for (const c of cases) {
      results[c.name] = { installed: [], checkout: [] };
      // one warm-up each: page cache, code caches
      for (const side of ['installed', 'checkout'] as const) check(await cli(side, c.args), `${side} ${c.name}`);
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 ? (['checkout', 'installed'] as const) : (['installed', 'checkout'] as const);
        for (const side of order) results[c.name][side].push(check(await cli(side, c.args), `${side} ${c.name}`).ms);
      }
      const i = median(results[c.name].installed);
      const k = median(results[c.name].checkout);
      console.log(`${c.name.padEnd(32)} installed ${fmt(i)}   checkout ${fmt(k)}   installed / checkout ${(i / k).toFixed(2)}`);
      const ms = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
      console.log(`  rounds (ms): installed ${ms(results[c.name].installed)}; checkout ${ms(results[c.name].checkout)}`);
    }
    writeResults(results);
    const destroyed = await cli('checkout', ['destroy', '--dir', path.join(dist, 'bench'), '--yes']);
    if (destroyed.code !== 0) console.error(`could not remove namespace ${ns}:\n${destroyed.out.slice(-1000)}`);
  } finally {
    await registry.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Replaces this benchmark's section of bench/RESULTS.md (other benchmarks own the rest of the file). */
function writeResults(results: Record<string, Record<string, number[]>>) {
  const rows = Object.entries(results).map(([name, r]) => {
    const i = median(r.installed);
    const k = median(r.checkout);
    const best = `${fmt(Math.min(...r.installed))} / ${fmt(Math.min(...r.checkout))}`;
    return `| ${name} | ${fmt(i)} | ${fmt(k)} | ${(i / k).toFixed(2)} | ${best} | ${i <= k * 1.05 ? 'met' : 'not met'} |`;
  });
  writeResultsSection('startup', [
    '## CLI start-up: installed package vs checkout',
    '',
    `Run ${new Date().toISOString()} with \`npx tsx bench/startup.ts ${N} ${ROUNDS}\` on the local dev cluster;`,
    `machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; load average at the end ${os.loadavg()[0].toFixed(1)} (a shared machine: compare the sides, not the runs).`,
    'Installed: `npm pack` installed into a fresh project (node_modules/kapstan/bin/kapstan.js); checkout: bin/kapstan.js',
    'of this repository with a fresh bundle. Wall time of the whole command, median of the rounds, sides alternating.',
    'Target: the installed CLI is not slower (within 5 % noise).',
    '',
    '| command | installed | checkout | installed / checkout | best installed / checkout | target |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ]);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
