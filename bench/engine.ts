// Engine benchmarks, side by side with the kubectl built with the dev cluster (same Kubernetes
// version), in one run. Not a test: prints every figure and ratio and writes bench/RESULTS.md.
//   KUBECONFIG=<dev cluster kubeconfig> npx tsx bench/engine.ts [objects=1000] [rssObjects=5000]
// Each side gets its own fresh namespace with the same generated stack (ConfigMaps, Services,
// ServiceAccounts, Deployments with 0 replicas), so neither benefits from the other's writes.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { bigStack, writeStack, configMap } from '../test/e2e/engine-fixtures';

const N = Number(process.argv[2] ?? 1000);
const RSS_N = Number(process.argv[3] ?? 5000);
const ROOT = path.resolve(__dirname, '..');
const kubeconfig = process.env.KUBECONFIG;
if (!kubeconfig) throw new Error('set KUBECONFIG to the dev cluster kubeconfig');
const kubectl = path.join(execFileSync(path.join(ROOT, 'dev-cluster/build.sh'), ['--print-dir'], { encoding: 'utf8' }).trim(), 'kubectl');
if (!fs.existsSync(kubectl)) throw new Error(`kubectl is not built yet (${kubectl})`);
const tag = `${process.pid}`;

interface Run { ms: number; code: number; out: string; rssKb?: number }

/** Runs a command, timing it; with `rss`, through /usr/bin/time to read the peak RSS. */
function timed(cmd: string, args: readonly string[], rss = false): Promise<Run> {
  return new Promise((resolve, reject) => {
    const full = rss ? ['/usr/bin/time', ['-f', 'MAXRSS=%M', cmd, ...args]] as const : [cmd, args] as const;
    const t0 = performance.now();
    const child = spawn(full[0], full[1] as string[], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', KUBECONFIG: kubeconfig }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      const m = /MAXRSS=(\d+)/.exec(out);
      resolve({ ms, code: code ?? 1, out, rssKb: m ? Number(m[1]) : undefined });
    });
  });
}

const kapstanCmd = (args: string[]) => [process.execPath, [path.join(ROOT, 'bin/kapstan.js'), ...args]] as const;
const yamlFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).sort().flatMap((f) => ['-f', path.join(dir, f)]);

function check(r: Run, what: string, codes = [0]) {
  if (!codes.includes(r.code)) throw new Error(`${what} exited ${r.code}:\n${r.out.slice(-2000)}`);
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rows: string[][] = [];
function report(name: string, ours: number, theirs: number | undefined, target: string, unit: 'ms' | 'MB' = 'ms') {
  const o = unit === 'ms' ? fmt(ours) : `${ours.toFixed(0)} MB`;
  const t = theirs === undefined ? '-' : unit === 'ms' ? fmt(theirs) : `${theirs.toFixed(0)} MB`;
  const ratio = theirs === undefined ? '-' : `${(theirs / ours).toFixed(1)}x`;
  rows.push([name, o, t, ratio, target]);
  console.log(`${name.padEnd(44)} kapstan ${o.padStart(9)}   kubectl ${t.padStart(9)}   ratio ${ratio.padStart(6)}   target ${target}`);
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-bench-'));
  const nsK = `bench-k-${tag}`;
  const nsC = `bench-c-${tag}`;
  const distK = writeStack('bench', nsK, bigStack(nsK, N), path.join(tmp, 'k'));
  const distC = writeStack('bench', nsC, bigStack(nsC, N), path.join(tmp, 'c'));
  const dirC = path.join(distC, 'bench');
  const kArgs = (cmd: string, extra: string[] = []) => kapstanCmd([cmd, '--dir', distK, '--no-wait', '--output', 'json', ...extra].filter((a) => cmd === 'apply' || a !== '--no-wait'));
  try {
    // Warm-up: discovery caches, connections, tsx's compile cache.
    const startup = await timed(...kapstanCmd(['--version']));
    console.log(`kapstan CLI startup (tsx): ${fmt(startup.ms)}`);

    const coldK = await timed(...kArgs('apply'));
    check(coldK, 'kapstan cold apply');
    const coldC = await timed(kubectl, ['apply', '--server-side', '--field-manager', 'bench', ...yamlFiles(dirC)]);
    check(coldC, 'kubectl cold apply');
    report(`cold apply, ${N} objects`, coldK.ms, coldC.ms, '>= 3x');

    const noopK = await timed(...kArgs('apply'));
    check(noopK, 'kapstan no-op apply');
    const summary = JSON.parse(noopK.out.trim().split('\n').at(-1)!);
    if (summary.unchanged !== N) throw new Error(`no-op apply changed objects: ${JSON.stringify(summary).slice(0, 300)}`);
    const noopC = await timed(kubectl, ['apply', '--server-side', '--field-manager', 'bench', ...yamlFiles(dirC)]);
    check(noopC, 'kubectl no-op apply');
    report(`no-op re-apply, ${N} objects`, noopK.ms, noopC.ms, '>= 10x and < 1 s');
    console.log(`  (engine time inside kapstan, without process start: ${fmt(summary.durationMs)})`);

    // 10 changed ConfigMaps on both sides.
    for (const [ns, dist] of [[nsK, distK], [nsC, distC]] as const) {
      const objs = bigStack(ns, N);
      for (let i = 0; i < 10; i++) {
        const idx = objs.findIndex((o) => o.kind === 'ConfigMap' && o.metadata.name === `cm-${i}`);
        objs[idx] = configMap(ns, `cm-${i}`, { index: String(i), variant: 'changed' });
      }
      writeStack('bench', ns, objs, dist);
    }
    const diffK = await timed(...kArgs('diff'));
    check(diffK, 'kapstan diff', [1]);
    const diffC = await timed(kubectl, ['diff', '--server-side', '--field-manager', 'bench', ...yamlFiles(dirC)]);
    check(diffC, 'kubectl diff', [1]);
    report('diff, 10 of ' + N + ' changed', diffK.ms, diffC.ms, '>= 5x');

    // Peak RSS of a cold apply of RSS_N objects (kapstan only; kubectl's figure for reference).
    const nsR = `bench-r-${tag}`;
    const distR = writeStack('bench', nsR, bigStack(nsR, RSS_N), path.join(tmp, 'r'));
    const rss = await timed(...kapstanCmd(['apply', '--dir', distR, '--no-wait', '--output', 'json']), true);
    check(rss, 'kapstan 5,000-object apply');
    const rssNoop = await timed(...kapstanCmd(['apply', '--dir', distR, '--no-wait', '--output', 'json']), true);
    check(rssNoop, 'kapstan 5,000-object no-op apply');
    const peak = Math.max(rss.rssKb ?? 0, rssNoop.rssKb ?? 0) / 1024;
    report(`peak RSS, ${RSS_N} objects (cold + no-op)`, peak, undefined, '<= 300 MB', 'MB');
    console.log(`  (cold apply of ${RSS_N}: ${fmt(rss.ms)}; no-op: ${fmt(rssNoop.ms)})`);
    rows.push([`cold apply, ${RSS_N} objects`, fmt(rss.ms), '-', '-', '-']);
    rows.push([`no-op re-apply, ${RSS_N} objects`, fmt(rssNoop.ms), '-', '-', '-']);
    writeResults(startup.ms);
  } finally {
    for (const ns of [nsK, nsC, `bench-r-${tag}`]) {
      await timed(kubectl, ['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function writeResults(startupMs: number) {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const kv = execFileSync(kubectl, ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
  const lines = [
    '# Engine benchmarks',
    '',
    `Run ${new Date().toISOString()} with \`npx tsx bench/engine.ts ${N} ${RSS_N}\` against the local dev cluster`,
    `(kube-apiserver, etcd, controller-manager, scheduler and kwok nodes on the same machine).`,
    '',
    `Machine: ${os.cpus().length} x ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}.`,
    `Peer: kubectl ${JSON.parse(kv).clientVersion.gitVersion} built with the dev cluster. Times are wall clock for the whole`,
    `command, including kapstan's process start through tsx (${fmt(startupMs)} for \`kapstan --version\`).`,
    'The machine is shared with other work, so absolute figures vary between runs; ratios come from one run.',
    '',
    '| measurement | kapstan | kubectl | kubectl / kapstan | target |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ];
  fs.writeFileSync(path.join(ROOT, 'bench/RESULTS.md'), lines.join('\n'));
  console.log('wrote bench/RESULTS.md');
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
