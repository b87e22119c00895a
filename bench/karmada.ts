// Direct vs Karmada, side by side: the same federation (a WebService of 8 replicas divided 2:1:1
// with an image override, a ConfigMap placed by label selector, N ConfigMaps) deployed to three
// member dev clusters by `kapstan apply --federation` (each member directly, one wave) and by
// `kapstan apply --federation --via karmada` (through a Karmada control plane), in the same run.
// Not a test: prints the time until every member is Current, the CPU the control planes spent
// meanwhile (members' and Karmada's apart) and their memory.
//   npx tsx bench/karmada.ts [configMaps=50] [rounds=3]
// Starts its own Karmada plane and members under a temporary KAPSTAN_HOME (removed at the end).
// Each round destroys what it applied (untimed) and starts once every control plane is quiet.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { devClusterPids, measure, processCpuMs, settle } from './measure';
import { writeResultsSection } from './results-file';

const ROOT = path.resolve(__dirname, '..');
const CMS = Number(process.argv[2] ?? 50);
const ROUNDS = Number(process.argv[3] ?? 3);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-bench-karmada-'));
process.env.KAPSTAN_HOME = path.join(tmp, 'home');

// Loaded after KAPSTAN_HOME is set: the clusters live under it.
const { upKarmada, downKarmada } = require('../dev-cluster/karmada') as typeof import('../dev-cluster/karmada');
const { clusterDir } = require('../dev-cluster/paths') as typeof import('../dev-cluster/paths');
const { synthFederatedWeb } = require('../test/e2e/federation-app') as typeof import('../test/e2e/federation-app');

const MEMBERS = ['a', 'b', 'c'];
const PLANE = 'karmada'; // the Karmada stack's context is kapstan-karmada (test/e2e/federation-app.ts)
const memberPids = () => MEMBERS.flatMap((m) => devClusterPids(clusterDir(m)));
const karmadaPids = () => devClusterPids(clusterDir(PLANE));

interface Run { ms: number; membersCpuMs: number; karmadaCpuMs: number }

/** Runs the CLI; the members' and Karmada's control-plane CPU are measured apart. */
async function timed(what: string, args: string[]): Promise<Run> {
  const karmada0 = processCpuMs(karmadaPids());
  const r = await measure(process.execPath, [path.join(ROOT, 'bin/kapstan.js'), ...args], { cwd: ROOT, watch: memberPids });
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}:\n${r.out.slice(-2000)}`);
  return { ms: r.ms, membersCpuMs: r.clusterCpuMs, karmadaCpuMs: processCpuMs(karmadaPids()) - karmada0 };
}

/** Resident memory of the processes, in MB. */
function rssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch { /* gone */ }
  }
  return Math.round(kb / 1024);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  const t0 = Date.now();
  const plane = await upKarmada({ name: PLANE, members: MEMBERS, memberOptions: { nodes: 2 } });
  const upMs = Date.now() - t0;
  const lines: string[] = [];
  const say = (l: string) => (console.log(l), lines.push(l));
  try {
    const out = path.join(tmp, 'dist');
    const result = synthFederatedWeb(out, MEMBERS.map((m) => ({ name: m, context: `kapstan-${m}`, zone: m })),
      { images: { c: 'registry.example/web:1.1-c' }, configMaps: CMS, karmada: true, selectorPlaced: true });
    if (!result.ok) throw new Error(`synth failed: ${JSON.stringify(result.problems).slice(0, 500)}`);
    const kubeconfigs = MEMBERS.map((m) => `${m}=${path.join(clusterDir(m), 'kubeconfig')}`).join(',');
    const direct = (cmd: string) => [cmd, '--federation', 'global', '--dir', out, '--kubeconfig', kubeconfigs, '--waves', 'parallel', '--yes', '--output', 'json'];
    const viaKarmada = (cmd: string) => [cmd, '--federation', 'global', '--via', 'karmada', '--dir', out, '--kubeconfig', plane.kubeconfig, '--yes', '--output', 'json'];
    const objects = JSON.parse(fs.readFileSync(path.join(out, 'global', 'a', 'index.json'), 'utf8')).objects.length;
    await timed('warm-up', ['--version']);

    const runs: Record<'direct' | 'karmada', Run[]> = { direct: [], karmada: [] };
    let peak = { members: 0, karmada: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      // Alternate which path goes first so neither always meets a warmer machine.
      for (const side of r % 2 === 0 ? ['direct', 'karmada'] as const : ['karmada', 'direct'] as const) {
        await settle([...memberPids(), ...karmadaPids()]);
        const args = side === 'direct' ? direct : viaKarmada;
        runs[side].push(await timed(`${side} apply`, args('apply')));
        peak = { members: Math.max(peak.members, rssMb(memberPids())), karmada: Math.max(peak.karmada, rssMb(karmadaPids())) };
        await timed(`${side} destroy`, args('destroy'));
      }
    }
    const m = (p: 'direct' | 'karmada', k: keyof Run) => median(runs[p].map((x) => x[k]));
    say(`## Direct vs Karmada (bench/karmada.ts)`);
    say('');
    say(`Three member dev clusters; ${objects} objects per member (WebService of 8 replicas divided 4/2/2 with an image override, a ConfigMap placed on two members by label selector, ${CMS} ConfigMaps). Cold apply with rollout tracking until every member is Current, whole CLI run, median of ${ROUNDS}; control-plane CPU measured over the same run.`);
    say('');
    say('| path | time to 3 clusters Current | members\' control planes CPU | Karmada control plane CPU |');
    say('| --- | --- | --- | --- |');
    say(`| direct (\`apply --federation global --waves parallel\`) | ${s(m('direct', 'ms'))} | ${s(m('direct', 'membersCpuMs'))} | ${s(m('direct', 'karmadaCpuMs'))} (idle) |`);
    say(`| Karmada (\`apply --federation global --via karmada\`) | ${s(m('karmada', 'ms'))} | ${s(m('karmada', 'membersCpuMs'))} | ${s(m('karmada', 'karmadaCpuMs'))} |`);
    say('');
    say(`Rounds (direct | Karmada): ${runs.direct.map((x) => s(x.ms)).join(', ')} | ${runs.karmada.map((x) => s(x.ms)).join(', ')}.`);
    say(`Memory (resident, peak after an apply): members' control planes ${peak.members} MB together, the Karmada control plane ${peak.karmada} MB. \`upKarmada\` with three new members took ${s(upMs)}.`);
    say('Direct tracking includes each member autoscaler\'s first status (the HPA controller\'s 15 s sync); through Karmada the members have no autoscaler (one FederatedHPA in Karmada), but every object passes through Karmada\'s detector, scheduler, binding and execution controllers, and tracking polls the bindings once a second: the Karmada plane\'s CPU is the price.');
    say(`Machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown CPU'}, shared with other work; load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}.`);
    writeResultsSection('karmada', lines);
  } finally {
    await downKarmada(PLANE).catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
