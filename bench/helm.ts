// Rendering a Helm chart through Kapstan (`HelmChart`: helm template, parse, ApiObjects, then the
// synthesis of the stack with its validation) against `helm template` alone, in the same run:
// the shop fixture chart and a generated wide chart. Not a test: prints the figures and rewrites
// the helm section of bench/RESULTS.md.
//   npx tsx bench/helm.ts [wide-services=250] [rounds=7]
import { App } from 'cdk8s';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { findHelm, HelmChart } from '../helm';
import { Stack } from '../stacks';
import { synthesizeInMemory } from '../synth';
import { writeResultsSection } from './results-file';

const services = Number(process.argv[2] ?? 250);
const rounds = Number(process.argv[3] ?? 7);
const helm = findHelm().path;

/** A chart rendering `services` Deployments, Services and ConfigMaps from one template each. */
function wideChart(dir: string, n: number): string {
  const chart = path.join(dir, 'wide');
  fs.mkdirSync(path.join(chart, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: wide\nversion: 1.0.0\n');
  fs.writeFileSync(path.join(chart, 'values.yaml'), `services: ${n}\nimage: registry.example/app:1.0\n`);
  const each = (body: string) => `{{- range $i := until (int .Values.services) }}\n---\n${body}\n{{- end }}\n`;
  fs.writeFileSync(path.join(chart, 'templates', 'deployments.yaml'), each([
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: svc-{{ $i }}', '  labels: {app.kubernetes.io/name: svc-{{ $i }}, app.kubernetes.io/managed-by: {{ $.Release.Service }}}',
    'spec:', '  replicas: 2', '  selector: {matchLabels: {app.kubernetes.io/name: svc-{{ $i }}}}',
    '  template:', '    metadata: {labels: {app.kubernetes.io/name: svc-{{ $i }}}}', '    spec:', '      containers:',
    '        - name: app', '          image: {{ $.Values.image }}', '          ports: [{name: http, containerPort: 8080}]',
    '          readinessProbe: {httpGet: {path: /ready, port: http}}', '          resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}',
  ].join('\n')));
  fs.writeFileSync(path.join(chart, 'templates', 'services.yaml'), each([
    'apiVersion: v1', 'kind: Service', 'metadata: {name: svc-{{ $i }}}', 'spec:', '  selector: {app.kubernetes.io/name: svc-{{ $i }}}', '  ports: [{name: http, port: 80, targetPort: http}]',
  ].join('\n')));
  fs.writeFileSync(path.join(chart, 'templates', 'configmaps.yaml'), each(['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: svc-{{ $i }}-settings}', 'data: {index: "{{ $i }}"}'].join('\n')));
  return chart;
}

interface Case { name: string; chart: string; values: Record<string, unknown> }

/** CPU (user + system) of this process and of its finished children (helm), in ms: /proc/self/stat. */
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
function cpuMs(): number {
  const f = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  // utime, stime, cutime, cstime are fields 14-17 of stat (11-14 after the command name).
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * TICK_MS;
}

/** Best wall time and best CPU time of `rounds` runs (on a shared machine CPU time varies less). */
function best(f: () => void): { wall: number; cpu: number } {
  let wall = Infinity;
  let cpu = Infinity;
  for (let i = 0; i < rounds; i++) {
    const c0 = cpuMs();
    const start = performance.now();
    f();
    wall = Math.min(wall, performance.now() - start);
    cpu = Math.min(cpu, cpuMs() - c0);
  }
  return { wall, cpu };
}

function measure(c: Case) {
  const helmAlone = () => execFileSync(helm, ['template', 'web', c.chart, '--namespace', 'bench', '--kube-version', '1.34', '--include-crds', '--values', '-'], { input: JSON.stringify(c.values), maxBuffer: 1 << 30 });
  let objects = 0;
  const render = () => {
    const app = new App();
    const chart = new HelmChart(new Stack(app, 'bench', { namespace: 'bench' }), 'web', { chart: c.chart, values: c.values });
    objects = chart.objects.length;
    return app;
  };
  const synth = () => {
    const result = synthesizeInMemory(render());
    if (!result.ok) throw new Error(`${c.name}: synth failed: ${result.problems.find((p) => p.severity === 'error')?.message}`);
  };
  synth(); // warm-up: loads the Kubernetes schema once, as a long-lived synth would have
  // Alternating, so that a busy moment of the shared machine hits both.
  const h: { wall: number; cpu: number }[] = [];
  const r: { wall: number; cpu: number }[] = [];
  const s: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < 3; i++) {
    h.push(best(helmAlone));
    r.push(best(render));
    s.push(best(synth));
  }
  const min = (xs: { wall: number; cpu: number }[]) => ({ wall: Math.min(...xs.map((x) => x.wall)), cpu: Math.min(...xs.map((x) => x.cpu)) });
  return { objects, helm: min(h), render: min(r), synth: min(s) };
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-bench-helm-'));
try {
  const cases: Case[] = [
    { name: 'shop (fixture: CRD, subchart, hooks)', chart: path.join(__dirname, '../test/fixtures/charts/shop'), values: { auth: { password: 'bench' } } },
    { name: `wide (${services} Deployments, Services, ConfigMaps)`, chart: wideChart(work, services), values: {} },
  ];
  const version = execFileSync(helm, ['version', '--short'], { encoding: 'utf8' }).trim();
  const rows: string[] = [];
  let worst = 0;
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  for (const c of cases) {
    const m = measure(c);
    const ratio = m.render.wall / m.helm.wall;
    worst = Math.max(worst, ratio);
    const line = `${c.name}: ${m.objects} objects; helm template ${ms(m.helm.wall)} (cpu ${ms(m.helm.cpu)}); HelmChart ${ms(m.render.wall)} (${ratio.toFixed(2)}x; cpu ${ms(m.render.cpu)}, ${(m.render.cpu / m.helm.cpu).toFixed(2)}x); + synth with validation ${ms(m.synth.wall)} (${(m.synth.wall / m.helm.wall).toFixed(2)}x)`;
    console.log(line);
    rows.push(`| ${c.name} | ${m.objects} | ${ms(m.helm.wall)} / ${ms(m.helm.cpu)} | ${ms(m.render.wall)} / ${ms(m.render.cpu)} | ${ratio.toFixed(2)}x / ${(m.render.cpu / m.helm.cpu).toFixed(2)}x | ${ms(m.synth.wall)} / ${ms(m.synth.cpu)} | ${(m.synth.wall / m.helm.wall).toFixed(2)}x / ${(m.synth.cpu / m.helm.cpu).toFixed(2)}x |`);
  }
  const load = os.loadavg()[0].toFixed(1);
  writeResultsSection('helm', [
    '## Helm charts: HelmChart against helm template',
    '',
    `Run ${new Date().toISOString()} with \`npx tsx bench/helm.ts ${services} ${rounds}\`; machine: ${os.cpus().length} x ${os.cpus()[0]?.model.split(' ')[0] ?? 'cpu'}, Node ${process.version}; peer: \`helm template\` (${version}, the binary Kapstan renders with), run as a process with the same values.`,
    `Best of ${rounds} rounds, three times alternating; the Kubernetes schema loaded once before (a warm synth). HelmChart: helm template, splitting by template, parsing, ApiObjects; + synth: the stack synthesized in memory with validation (schema, semantic, policy).`,
    '',
    `Each cell: wall / CPU (this process and its helm children, from /proc/self/stat, in 10 ms ticks). Load average when it ended: ${load} on ${os.cpus().length} cores.`,
    'The shop chart calls randAlphaNum (through a named template): the first synth of an input renders it twice, side by side, for the determinism check (the warm-up here); later ones render once (helm/determinism-cache.ts).',
    '',
    '| chart | objects | helm template | HelmChart | overhead | HelmChart + synth | overhead with validation |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `Target: HelmChart ≤ 1.3x helm template (wall) → ${worst <= 1.3 ? 'met' : 'missed'} (worst ${worst.toFixed(2)}x).`,
  ]);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
