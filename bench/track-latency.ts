// Time from the last pod of a rollout becoming Ready to the tracker reporting success, side by side
// with `kubectl rollout status` (the kubectl built with the dev cluster), on the same rollouts.
// Not a test: it prints figures and asserts nothing.
//   KUBECONFIG=<dev cluster kubeconfig> npx tsx bench/track-latency.ts [rounds=5] [replicas=3]
//
// Each round changes the pod template and starts both watchers at once; the new pods are held
// not-Ready for a few seconds (the dev cluster's `kapstan.dev/ready-delay` marker) so both are
// surely watching before the last pod turns Ready. Every time is taken in this process when the
// news arrives: our own pod watch sees the last pod turn Ready, the tracker's promise resolves,
// kubectl prints "successfully rolled out".
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AppsV1Api, CoreV1Api, KubeConfig, PatchStrategy, Watch, setHeaderOptions } from '@kubernetes/client-node';
import { trackRollout } from '../engine/track';

const rounds = Number(process.argv[2] ?? 5);
const replicas = Number(process.argv[3] ?? 3);
const namespace = `bench-track-${process.pid}`;
const name = 'latency';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function kubectlPath(): string {
  const dir = execFileSync(join(__dirname, '..', 'dev-cluster', 'build.sh'), ['--print-dir'], { encoding: 'utf8' }).trim();
  const bin = join(dir, 'kubectl');
  if (!existsSync(bin)) throw new Error(`kubectl is not built yet (${bin}); run dev-cluster/build.sh`);
  return bin;
}

function deployment(round: number) {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '100%', maxUnavailable: 0 } },
      template: {
        metadata: { labels, annotations: { 'bench/round': String(round), ...(round ? { 'kapstan.dev/ready-delay': '3s' } : {}) } },
        spec: { containers: [{ name: 'app', image: 'registry.example.com/latency:1' }] },
      },
    },
  };
}

/** Client-side time at which every pod of the newest template (by round annotation) is Ready. */
function watchLastPodReady(kc: KubeConfig, round: number): { ready: Promise<number>; stop: () => void } {
  const readyAt = new Map<string, number>();
  let controller: AbortController | undefined;
  let resolve!: (t: number) => void;
  const ready = new Promise<number>((r) => (resolve = r));
  void new Watch(kc)
    .watch(
      `/api/v1/namespaces/${namespace}/pods`,
      {},
      (_phase, pod) => {
        if (pod.metadata?.annotations?.['bench/round'] !== String(round)) return;
        const isReady = (pod.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
        if (isReady && !readyAt.has(pod.metadata.name)) readyAt.set(pod.metadata.name, performance.now());
        if (readyAt.size >= replicas) resolve(Math.max(...readyAt.values()));
      },
      () => undefined,
    )
    .then((c) => (controller = c));
  return { ready, stop: () => controller?.abort() };
}

function startKubectl(kubectl: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(kubectl, ['rollout', 'status', `deployment/${name}`, '-n', namespace, '--timeout=120s'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('successfully rolled out')) resolve(performance.now());
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? undefined : reject(new Error(`kubectl rollout status failed (${code}): ${err}`))));
  });
}

async function main(): Promise<void> {
  const kc = new KubeConfig();
  kc.loadFromDefault();
  const kubectl = kubectlPath();
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  await core.createNamespace({ body: { metadata: { name: namespace } } });
  const results: Array<{ kapstan: number; kubectl: number }> = [];
  try {
    await apps.createNamespacedDeployment({ namespace, body: deployment(0) as never });
    await trackRollout(kc, [{ apiVersion: 'apps/v1', kind: 'Deployment', name, namespace }], { timeoutMs: 120_000 });
    for (let round = 1; round <= rounds; round++) {
      const lastReady = watchLastPodReady(kc, round);
      await sleep(200); // the pod watch is connected
      await apps.patchNamespacedDeployment({ name, namespace, body: deployment(round) }, merge);
      const tracked = trackRollout(kc, [{ apiVersion: 'apps/v1', kind: 'Deployment', name, namespace }], { timeoutMs: 120_000 }).then((r) => {
        if (!r.ok) throw new Error(`tracker failed: ${r.failed.map((f) => f.message).join('; ')}`);
        return performance.now();
      });
      const kubectlDone = startKubectl(kubectl);
      const [readyAt, kapstanAt, kubectlAt] = await Promise.all([lastReady.ready, tracked, kubectlDone]);
      lastReady.stop();
      results.push({ kapstan: kapstanAt - readyAt, kubectl: kubectlAt - readyAt });
      console.log(`round ${round}: kapstan ${(kapstanAt - readyAt).toFixed(1)} ms, kubectl rollout status ${(kubectlAt - readyAt).toFixed(1)} ms after the last pod was Ready`);
    }
  } finally {
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const k = median(results.map((r) => r.kapstan));
  const c = median(results.map((r) => r.kubectl));
  console.log(`\nmedian over ${results.length} rollouts of ${replicas} replicas (last pod Ready → success reported):`);
  console.log(`  kapstan trackRollout      ${k.toFixed(1)} ms`);
  console.log(`  kubectl rollout status    ${c.toFixed(1)} ms`);
  console.log(`  difference (kapstan - kubectl) ${(k - c).toFixed(1)} ms; target: kapstan ≤ 250 ms → ${k <= 250 ? 'met' : 'NOT met'}`);
  writeResults(results, k, c);
}

const BEGIN = '<!-- track-latency:begin -->';
const END = '<!-- track-latency:end -->';

/** Replaces this benchmark's section of bench/RESULTS.md (the other benchmarks own the rest). */
function writeResults(results: Array<{ kapstan: number; kubectl: number }>, k: number, c: number): void {
  const file = join(__dirname, 'RESULTS.md');
  // The dev-cluster build does not stamp a version into kubectl: read the pinned module instead.
  const gomod = readFileSync(join(__dirname, '..', 'dev-cluster', 'toolchain', 'kubernetes', 'go.mod'), 'utf8');
  const version = `built from k8s.io/kubernetes ${/^require k8s\.io\/kubernetes (\S+)/m.exec(gomod)?.[1] ?? '?'}`;
  const section = [
    BEGIN,
    '## Rollout tracking latency',
    '',
    `Run ${new Date().toISOString()} with \`npx tsx bench/track-latency.ts ${rounds} ${replicas}\` on the local dev cluster;`,
    `machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; peer: \`kubectl rollout status\` ${version}.`,
    `Time from the last pod of a ${replicas}-replica rollout becoming Ready to success being reported, median of ${results.length} rollouts:`,
    '',
    '| tracker | median | per round |',
    '| --- | --- | --- |',
    `| kapstan trackRollout | ${k.toFixed(1)} ms | ${results.map((r) => r.kapstan.toFixed(0)).join(', ')} ms |`,
    `| kubectl rollout status | ${c.toFixed(1)} ms | ${results.map((r) => r.kubectl.toFixed(0)).join(', ')} ms |`,
    '',
    `Difference (kapstan - kubectl): ${(k - c).toFixed(1)} ms. Target: ≤ 250 ms → ${k <= 250 ? 'met' : 'NOT met'}.`,
    END,
  ].join('\n');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  const next = start >= 0 && end > start ? current.slice(0, start) + section + current.slice(end + END.length) : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
  console.log(`updated ${file}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
