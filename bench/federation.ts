// Federation benchmark: `kapstan apply --federation` to three dev clusters against the same
// member stack applied to one cluster, in the same run. Not a test: prints both and the ratio.
//   npx tsx bench/federation.ts [configMapsPerMember=100] [rounds=5]
// Starts three dev clusters of its own (under a temporary KAPSTAN_HOME, stopped at the end).
// Each round destroys what the previous one applied (untimed), so every timed apply is cold, and
// starts once the control planes are quiet; the federation runs all members in one wave (--waves parallel). Medians of the rounds are reported,
// without and with rollout tracking.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { devClusterPids, measure, settle } from './measure';

const ROOT = path.resolve(__dirname, '..');

const CMS = Number(process.argv[2] ?? 100);
const ROUNDS = Number(process.argv[3] ?? 5);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-bench-fed-'));
process.env.KAPSTAN_HOME = path.join(tmp, 'home');

// Loaded after KAPSTAN_HOME is set: the clusters live under it.
const { upCluster, downCluster } = require('../dev-cluster') as typeof import('../dev-cluster');
const { clusterDir } = require('../dev-cluster/paths') as typeof import('../dev-cluster/paths');
const { synthFederatedWeb } = require('../test/e2e/federation-app') as typeof import('../test/e2e/federation-app');

const ZONES = ['a', 'b', 'c'];

interface Run { ms: number; cpuMs: number; planesMs: number }

/** Runs the CLI for its wall and CPU time; also the bench clusters' control planes' CPU meanwhile. */
const planePids = () => ZONES.flatMap((z) => devClusterPids(clusterDir(`bench-fed-${z}`)));

async function timed(what: string, args: string[], codes = [0]): Promise<Run> {
  const r = await measure(process.execPath, [path.join(ROOT, 'bin/kapstan.js'), ...args], { cwd: ROOT, watch: planePids });
  if (!codes.includes(r.code) || Number.isNaN(r.cpuMs)) throw new Error(`${what} exited ${r.code}:\n${r.out.slice(-2000)}`);
  return { ms: r.ms, cpuMs: r.cpuMs, planesMs: r.clusterCpuMs };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  const names = ZONES.map((z) => `bench-fed-${z}`);
  const clusters = await Promise.all(ZONES.map((z, i) => upCluster({ name: names[i], nodes: 2, gpuNodes: 0, zones: [`zone-${z}`] })));
  try {
    const out = path.join(tmp, 'dist');
    const members = ZONES.map((z, i) => ({ name: z, context: clusters[i].context, zone: z }));
    const result = synthFederatedWeb(out, members, { images: { c: 'registry.example/web:1.1-c' }, configMaps: CMS });
    if (!result.ok) throw new Error(`synth failed: ${JSON.stringify(result.problems).slice(0, 500)}`);
    const kubeconfigs = ZONES.map((z, i) => `${z}=${clusters[i].kubeconfig}`).join(',');
    const memberDir = path.join(out, 'global', 'a');
    const objects = JSON.parse(fs.readFileSync(path.join(memberDir, 'index.json'), 'utf8')).objects.length;

    const fedArgs = (cmd: string, extra: string[] = []) => [cmd, '--federation', 'global', '--dir', out, '--kubeconfig', kubeconfigs, '--yes', '--output', 'json', ...extra];
    const oneArgs = (cmd: string, extra: string[] = []) => [cmd, '--dir', memberDir, '--kubeconfig', clusters[0].kubeconfig, '--yes', '--output', 'json', ...extra];
    await timed('warm-up', ['--version']);

    /** Median cold apply on one cluster and on the federation (all members in one wave). */
    const measure = async (label: string, rounds: number, extra: string[]) => {
      const single: Run[] = [];
      const federated: Run[] = [];
      for (let r = 0; r < rounds; r++) {
        // Alternate which side goes first so neither always meets a warmer machine.
        for (const side of r % 2 === 0 ? ['single', 'federated'] : ['federated', 'single']) {
          // Start from quiet control planes: the previous destroy's garbage collection runs on.
          await settle(planePids());
          if (side === 'single') {
            single.push(await timed('single-cluster apply', oneArgs('apply', extra)));
            await timed('single-cluster destroy', oneArgs('destroy'));
          } else {
            federated.push(await timed('federated apply', fedArgs('apply', ['--waves', 'parallel', ...extra])));
            await timed('federated destroy', fedArgs('destroy'));
          }
        }
      }
      const m = (runs: Run[], k: keyof Run) => median(runs.map((x) => x[k]));
      const one = m(single, 'ms');
      const three = m(federated, 'ms');
      console.log(`${label.padEnd(34)} one cluster ${fmt(one).padStart(8)}   three clusters ${fmt(three).padStart(8)}   ratio ${(three / one).toFixed(2)}x`);
      console.log(`${''.padEnd(34)} rounds: ${single.map((x) => fmt(x.ms)).join(', ')} | ${federated.map((x) => fmt(x.ms)).join(', ')}`);
      console.log(`${''.padEnd(34)} CPU, kapstan: ${fmt(m(single, 'cpuMs'))} | ${fmt(m(federated, 'cpuMs'))}; control planes: ${fmt(m(single, 'planesMs'))} | ${fmt(m(federated, 'planesMs'))}`);
    };

    console.log(`cold apply, ${objects} objects per cluster (WebService of 8 replicas divided 4/2/2 + ${CMS} ConfigMaps), whole CLI run, median of ${ROUNDS}; target <= 1.3x`);
    await measure('apply --no-wait (engine work)', ROUNDS, ['--no-wait']);
    await measure('apply with rollout tracking', ROUNDS, []);
    // For reference: the declared waves (a, then b and c) take two rollouts one after the other.
    await settle(planePids());
    const waves = (await timed('federated apply in waves', fedArgs('apply'))).ms;
    await timed('federated destroy', fedArgs('destroy'));
    console.log(`apply in the declared waves (a, then b+c), one run: ${fmt(waves)}`);
    console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown CPU'}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; shared with other work, and the three control planes run on it during every measurement.`);
    console.log('The three control planes share this machine and need about three times the CPU of one (see the CPU lines): on 2 shared cores the federated run is CPU-bound.');
    console.log('Rollout tracking includes waiting for each autoscaler\'s first status, which the HPA controller writes on its own sync cycle (15 s by default): three clusters wait for the slowest of three.');
  } finally {
    for (const n of names) await downCluster(n).catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
