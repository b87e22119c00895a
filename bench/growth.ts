// Growth curves: what each command costs as a stack grows from 1,000 to 20,000 objects, in one
// stack and spread over several, Kapstan (the default path: tracking on, history recorded) and
// kubectl side by side in the same run. Wall time, peak memory (RSS) and requests sent; a table and
// an SVG plot (bench/growth.svg) in bench/RESULTS.md. Not a test.
//   KUBECONFIG=<dev cluster kubeconfig> npx tsx bench/growth.ts [sizes=1000,5000,10000,20000] [stacks=10]
// kubectl's commands: apply --server-side (cold, then no-op), diff --server-side, get -f (its way
// to read every object's state), delete -f; requests counted from its -v=6 log. Kapstan's requests
// come from its summaries. kubectl has no stacks: its figures are those of the one-stack output.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { devClusterPids, measure, settle, type Measured } from './measure';
import { writeResultsSection } from './results-file';
import { plotSvg, type PlotPanel } from './svg-plot';

const SIZES = (process.argv[2] ?? '1000,5000,10000,20000').split(',').map(Number);
const STACKS = Number(process.argv[3] ?? 10);
const ROOT = path.resolve(__dirname, '..');
const kubeconfig = process.env.KUBECONFIG;
if (!kubeconfig) throw new Error('set KUBECONFIG to the dev cluster kubeconfig');
const kubectl = path.join(execFileSync(path.join(ROOT, 'dev-cluster/build.sh'), ['--print-dir'], { encoding: 'utf8' }).trim(), 'kubectl');
if (!fs.existsSync(kubectl)) throw new Error(`kubectl is not built yet (${kubectl})`);
const clusterPids = devClusterPids(path.dirname(kubeconfig));
const tag = process.pid.toString(36);
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

const OPS = ['synth', 'diff', 'cold apply', 'no-op apply', 'status', 'destroy'] as const;
type Op = (typeof OPS)[number];
type Tool = 'kapstan, one stack' | `kapstan, ${number} stacks` | 'kubectl';

interface Row { size: number; tool: Tool; op: Op; ms: number; rssMb: number; requests?: number }
const rows: Row[] = [];

const timed = (cmd: string, args: readonly string[], env: Record<string, string> = {}) =>
  measure(cmd, args, { cwd: ROOT, env: { KUBECONFIG: kubeconfig!, ...env }, watch: () => clusterPids });
const kapstan = (args: string[], env: Record<string, string> = {}) => timed(process.execPath, [path.join(ROOT, 'bin/kapstan.js'), ...args], env);

function check(r: Measured, what: string, codes = [0]): Measured {
  if (!codes.includes(r.code)) throw new Error(`${what} exited ${r.code}:\n${r.out.slice(-3000)}`);
  return r;
}

/** Requests of a Kapstan run: its summary's, or the sum of every stack's with --all. */
function kapstanRequests(out: string): number | undefined {
  const events = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  const per = events.filter((e) => e.type === 'stack-summary' && e.requests);
  if (per.length) return per.reduce((n, e) => n + e.requests.total, 0);
  return events.at(-1)?.requests?.total;
}

const kubectlRequests = (out: string) => out.split('\n').filter((l) => l.includes('"Response" verb=')).length;

function record(size: number, tool: Tool, op: Op, r: Measured, requests?: number) {
  const row = { size, tool, op, ms: r.ms, rssMb: r.rssKb / 1024, requests };
  rows.push(row);
  console.log(`${String(size).padStart(6)}  ${tool.padEnd(20)} ${op.padEnd(12)} ${(r.ms / 1000).toFixed(2).padStart(8)} s  ${row.rssMb.toFixed(0).padStart(5)} MB  ${requests ?? '-'} requests`);
}

/** Synthesizes the growth app with `stacks` stacks; returns the output folder and its stack names. */
async function synth(size: number, stacks: number, prefix: string, dir: string, tool: Tool | undefined): Promise<string[]> {
  const r = check(await kapstan(['synth', '--app', `${TSX} ${path.join(__dirname, 'growth-app.ts')}`, '-o', dir],
    { GROWTH_COUNT: String(size), GROWTH_STACKS: String(stacks), GROWTH_PREFIX: prefix }), 'kapstan synth');
  if (tool) record(size, tool, 'synth', r, 0);
  return fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, 'index.json'))).sort();
}

async function kapstanCurve(size: number, stacks: number, tmp: string) {
  const tool: Tool = stacks === 1 ? 'kapstan, one stack' : `kapstan, ${stacks} stacks`;
  const prefix = `g${tag}-${size}-${stacks}`;
  const dir = path.join(tmp, prefix);
  const names = await synth(size, stacks, prefix, dir, tool);
  const target = stacks === 1 ? ['--dir', path.join(dir, names[0])] : ['--all', '--dir', dir];
  await settle(clusterPids, 0.3, 30_000);
  const cold = check(await kapstan(['apply', ...target, '-o', 'json', '--yes']), 'kapstan cold apply');
  record(size, tool, 'cold apply', cold, kapstanRequests(cold.out));
  await settle(clusterPids, 0.3, 30_000);
  const noop = check(await kapstan(['apply', ...target, '-o', 'json', '--yes']), 'kapstan no-op apply');
  record(size, tool, 'no-op apply', noop, kapstanRequests(noop.out));
  const d = check(await kapstan(['diff', ...target, '-o', 'json']), 'kapstan diff');
  record(size, tool, 'diff', d, kapstanRequests(d.out));
  const st = check(await kapstan(['status', ...target, '-o', 'json']), 'kapstan status');
  record(size, tool, 'status', st, kapstanRequests(st.out));
  const x = check(await kapstan(['destroy', ...target, '-o', 'json', '--yes', '--prune-protected']), 'kapstan destroy');
  record(size, tool, 'destroy', x, kapstanRequests(x.out));
}

async function kubectlCurve(size: number, tmp: string) {
  const prefix = `g${tag}-${size}-c`;
  const dir = path.join(tmp, prefix);
  const [name] = await synth(size, 1, prefix, dir, undefined);
  const files = fs.readdirSync(path.join(dir, name)).filter((f) => f.endsWith('.k8s.yaml')).sort().map((f) => path.join(dir, name, f));
  const f = (list: string[]) => list.flatMap((x) => ['-f', x]);
  const k = (args: string[], codes = [0]) => timed(kubectl, [...args, '-v=6']).then((r) => check(r, `kubectl ${args[0]}`, codes));
  await settle(clusterPids, 0.3, 30_000);
  const cold = await k(['apply', '--server-side', '--field-manager', 'bench', ...f(files)]);
  record(size, 'kubectl', 'cold apply', cold, kubectlRequests(cold.out));
  await settle(clusterPids, 0.3, 30_000);
  const noop = await k(['apply', '--server-side', '--field-manager', 'bench', ...f(files)]);
  record(size, 'kubectl', 'no-op apply', noop, kubectlRequests(noop.out));
  const d = await k(['diff', '--server-side', '--field-manager', 'bench', ...f(files)]);
  record(size, 'kubectl', 'diff', d, kubectlRequests(d.out));
  const st = await k(['get', '-o', 'name', ...f(files)]);
  record(size, 'kubectl', 'status', st, kubectlRequests(st.out));
  // The namespace last, as Kapstan deletes it.
  const x = await k(['delete', '--wait=false', ...f([...files].reverse())]);
  record(size, 'kubectl', 'destroy', x, kubectlRequests(x.out));
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-growth-'));
  const started = new Date();
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-cli.js')], { stdio: 'inherit' });
    for (const size of SIZES) {
      await kapstanCurve(size, 1, tmp);
      await kapstanCurve(size, STACKS, tmp);
      await kubectlCurve(size, tmp);
      // After every size: a run stopped early still leaves the curve so far.
      writeResults(started);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const TOOLS: { tool: Tool; colour: string; dashed?: boolean }[] = [
  { tool: 'kapstan, one stack', colour: '#c0392b' },
  { tool: `kapstan, ${STACKS} stacks`, colour: '#e67e22', dashed: true },
  { tool: 'kubectl', colour: '#2c3e50' },
];

function writeResults(started: Date) {
  const sizes = SIZES.filter((size) => rows.some((r) => r.size === size));
  const get = (size: number, tool: Tool, op: Op) => rows.find((r) => r.size === size && r.tool === tool && r.op === op);
  const s = (ms?: number) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(2)} s`);
  const table: string[] = [
    '| objects | command | kapstan, one stack | kapstan, per 1,000 objects | kapstan, ' + STACKS + ' stacks | kubectl | kubectl / kapstan | kapstan peak RSS | kubectl peak RSS | kapstan requests | kubectl requests |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const size of sizes) {
    for (const op of OPS) {
      const one = get(size, 'kapstan, one stack', op);
      const many = get(size, `kapstan, ${STACKS} stacks`, op);
      const kc = get(size, 'kubectl', op);
      const ratio = one && kc ? `${(kc.ms / one.ms).toFixed(1)}x` : '-';
      table.push(`| ${size} | ${op} | ${s(one?.ms)} | ${one ? s(one.ms / (size / 1000)) : '-'} | ${s(many?.ms)} | ${s(kc?.ms)} | ${ratio} | ${one ? `${one.rssMb.toFixed(0)} MB` : '-'} | ${kc ? `${kc.rssMb.toFixed(0)} MB` : '-'} | ${one?.requests ?? '-'} | ${kc?.requests ?? '-'} |`);
    }
  }
  const panels: PlotPanel[] = OPS.map((op) => ({
    title: op,
    series: TOOLS.map((t) => ({ name: t.tool, colour: t.colour, dashed: t.dashed, points: sizes.map((size) => get(size, t.tool, op)).filter((r): r is Row => !!r).map((r) => [r.size, r.ms / 1000] as [number, number]) })),
  }));
  fs.writeFileSync(path.join(__dirname, 'growth.svg'), plotSvg('Wall time by number of objects (seconds)', panels, { yLabel: 'seconds' }));
  const memPanels: PlotPanel[] = [{
    title: 'peak RSS, kapstan (largest of its commands)',
    series: TOOLS.filter((t) => t.tool !== 'kubectl').map((t) => ({ name: t.tool, colour: t.colour, dashed: t.dashed, points: sizes.map((size) => [size, Math.max(0, ...rows.filter((r) => r.size === size && r.tool === t.tool && r.op !== 'synth').map((r) => r.rssMb))] as [number, number]) })),
  }];
  fs.writeFileSync(path.join(__dirname, 'growth-memory.svg'), plotSvg('Peak memory by number of objects (MB)', memPanels, { columns: 1, yLabel: 'MB' }));
  const maxRss = Math.max(...rows.filter((r) => r.tool !== 'kubectl' && r.op !== 'synth').map((r) => r.rssMb));
  writeResultsSection('growth', [
    '## Growth: 1,000 to 20,000 objects',
    '',
    `Run ${started.toISOString()} with \`npx tsx bench/growth.ts ${SIZES.join(',')} ${STACKS}\`${sizes.length < SIZES.length ? ` (stopped after ${sizes.at(-1)} objects)` : ''} against the local dev cluster (control plane and`,
    `kwok nodes on the same ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}, shared with other work: compare the columns of one row, measured minutes apart, more than rows of different runs).`,
    `Objects: ConfigMaps, Services, ServiceAccounts and Deployments (0 replicas) in equal parts plus the namespace, in one stack, or over ${STACKS} stacks`,
    `(\`--all\`). Kapstan runs its default path: tracking on, history recorded. Each command runs once per size; \`diff\` runs after the no-op apply`,
    '(nothing to change: what CI runs most), `status` is Kapstan\'s `status` and kubectl\'s `get -f` (its way to read every object), `destroy` is',
    '`kapstan destroy --prune-protected` (waits until every object is gone) and `kubectl delete --wait=false -f` (namespace last; returns once',
    'each DELETE is accepted: with --wait it waits object by object, 80 s for 400 objects here). Wall time of the whole command (process start included),',
    'peak RSS of the process (for synth: of the app it runs), requests sent (Kapstan: its summaries; kubectl: its -v=6 log).',
    '',
    '![wall time by number of objects](growth.svg)',
    '',
    ...table,
    '',
    `Peak RSS of any Kapstan command (synth aside): ${maxRss.toFixed(0)} MB (target: under 500 MB at 20,000 objects).`,
    '',
    '![peak memory by number of objects](growth-memory.svg)',
  ]);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
