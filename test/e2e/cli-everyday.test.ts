// Everyday use of the CLI on a real cluster: output cut short by a pipe, Ctrl-C in each phase,
// history that tells verified from merely applied revisions, and failures that end with what to
// do next. (Usage errors and an unreachable cluster: test/unit/cli/conventions.test.ts; the live
// table in a terminal: cli-terminal.test.ts; the delete prompt: engine-confirm.test.ts.)
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ClusterInfo } from './engine-cluster';
import { configMap, deployment, kapstan, namespace, ndjson, ROOT, RunResult, service, uniqueNs, writeStack } from './engine-fixtures';
import { eventually } from './harness';
import { markAutoscaled, usePoolCluster } from './capacity-fixtures';

jest.setTimeout(240_000);

const KAPSTAN = [process.execPath, path.join(ROOT, 'bin/kapstan.js')];
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** `kapstan <args> | <reader>` in bash; the kapstan side's exit code comes back in `code`. */
function piped(args: string[], reader: string): Promise<RunResult> {
  const script = `${[...KAPSTAN, ...args].map(quote).join(' ')} | ${reader}; echo "exit=\${PIPESTATUS[0]}" >&2`;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', () => {
      const m = /exit=(\d+)\n$/.exec(stderr);
      resolve({ code: m ? Number(m[1]) : -1, stdout, stderr: stderr.replace(/exit=\d+\n$/, '') });
    });
  });
}

/**
 * Runs kapstan in its own process group and, once `when` matches what it printed, sends SIGINT
 * to the group, as a terminal does on Ctrl-C.
 */
function interruptedRun(args: string[], when: RegExp): Promise<RunResult & { interrupted: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(KAPSTAN[0], [KAPSTAN[1], ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    const check = () => {
      if (!interrupted && when.test(stdout + stderr)) {
        interrupted = true;
        process.kill(-child.pid!, 'SIGINT');
      }
    };
    child.stdout.on('data', (d) => { stdout += d; check(); });
    child.stderr.on('data', (d) => { stderr += d; check(); });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr, interrupted }));
  });
}

/** A Deployment whose pod stays unready for a while: the rollout is still going when we act. */
function slowDeployment(ns: string, name: string, delay = '120s') {
  const d = deployment(ns, name);
  d.spec.template.metadata = { ...d.spec.template.metadata, annotations: { 'kapstan.dev/ready-delay': delay } } as any;
  return d;
}

describe('everyday CLI use', () => {
  const pools = usePoolCluster();
  let c: ClusterInfo;
  beforeAll(() => ({ cluster: c } = pools()));
  const on = (dist: string, ...rest: string[]) => ['--dir', dist, '--kubeconfig', c.kubeconfig, ...rest];
  const history = async (dist: string) => ndjson((await kapstan(['history', ...on(dist), '--output', 'json'])).stdout)[0].revisions
    .map((r: any) => [r.revision, r.outcome]);

  describe('output cut short by a pipe', () => {
    it('apply | head -3: three lines, no EPIPE stack trace, the revision recorded as applied (not left pending)', async () => {
      const ns = uniqueNs('e2e-pipe');
      const dist = writeStack('pipe', ns, [namespace(ns), configMap(ns, 'conf'), service(ns, 'web'), slowDeployment(ns, 'web')]);
      const r = await piped(['apply', ...on(dist)], 'head -3');
      expect(r.stdout.trim().split('\n')).toHaveLength(3);
      expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
      expect(r.code).toBe(141);
      expect(await history(dist)).toEqual([[1, 'applied']]);
      // All of it was applied: the writes finished, only the waiting stopped.
      const again = await kapstan(['diff', ...on(dist)]);
      expect(again.stdout).toContain('to create: 0, to update: 0, to prune: 0, unchanged: 4');
    });

    it('apply --output json | head -1 and diff | head -3 end quietly too', async () => {
      const ns = uniqueNs('e2e-pipejson');
      const dist = writeStack('pipejson', ns, [namespace(ns), configMap(ns, 'conf'), slowDeployment(ns, 'web')]);
      const j = await piped(['apply', ...on(dist), '--output', 'json'], 'head -1');
      expect(JSON.parse(j.stdout)).toMatchObject({ type: 'apply', action: 'created' });
      expect(j.stderr).toBe('');
      expect(j.code).toBe(141);
      expect(await history(dist)).toEqual([[1, 'applied']]);

      // A diff longer than a pipe holds: the reader leaves while kapstan still writes.
      const lines = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`line-${i}`, 'x'.repeat(60)]));
      writeStack('pipejson', ns, [namespace(ns), configMap(ns, 'conf', lines), slowDeployment(ns, 'web')], dist);
      const d = await piped(['diff', ...on(dist)], 'head -3');
      expect(d.stdout.trim().split('\n')).toHaveLength(3);
      expect(d.stderr).toBe('');
      expect(d.code).toBe(141);
    });
  });

  describe('Ctrl-C', () => {
    it('while waiting for the rollout: says what it left and how to go on, exit 130; status then verifies the revision', async () => {
      const ns = uniqueNs('e2e-intr');
      // The Deployment waits for a node of its pool (the cluster grows): the rollout is still on when Ctrl-C comes.
      const pool = `intr-${ns.slice(-6)}`;
      const dist = writeStack('intr', ns, [namespace(ns), deployment(ns, 'web', 'nginx:1.27', { nodeSelector: { pool } })]);
      markAutoscaled(dist, 'intr');
      const r = await interruptedRun(['apply', ...on(dist)], /waiting for capacity/);
      expect(r.interrupted).toBe(true);
      expect(r.code).toBe(130);
      expect(r.stderr).toContain('interrupted: revision 1 is recorded as applied (not verified); the rollout goes on in the cluster');
      expect(r.stderr).toMatch(new RegExp(`to go on:\\n  kapstan status --dir ${dist} .*# where it is; marks revision 1 succeeded once every object is Current\\n  kapstan apply --dir ${dist} `));
      expect(r.stdout).not.toContain('apply done');
      expect(await history(dist)).toEqual([[1, 'applied']]);

      // The node comes and the rollout goes on without us; `status` sees it through and marks the revision.
      await pools.addNode(pool);
      const st = await eventually('status says every object is Current', async () => {
        const s = await kapstan(['status', ...on(dist), '--output', 'json']);
        return s.code === 0 ? ndjson(s.stdout).at(-1) : undefined;
      });
      expect(st).toMatchObject({ ok: true, revision: 1, revisionOutcome: 'succeeded' });
      expect(await history(dist)).toEqual([[1, 'succeeded']]);
      // The interrupted run handed its lock back; a re-apply that changes nothing and does not
      // wait leaves the verified revision verified.
      expect((await kapstan(['apply', ...on(dist), '--no-wait'])).code).toBe(0);
      expect(await history(dist)).toEqual([[1, 'succeeded']]);
    });

    it('while synthesizing: exit 130 at once, nothing sent to the cluster', async () => {
      const ns = uniqueNs('e2e-intrsynth');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-e2e-app-'));
      const app = path.join(dir, 'main.js');
      // An app slow to build its constructs (as one that reads many files).
      fs.writeFileSync(app, `setTimeout(() => {}, 600000);\n`);
      const r = await interruptedRun(['apply', '--app', `${process.execPath} ${app}`, '--kubeconfig', c.kubeconfig, '--namespace', ns], /synthesizing/);
      expect(r.code).toBe(130);
      expect(r.stderr).toMatch(/synthesizing the app .*…\n\ninterrupted\n$/);
    });

    it('while applying: no new writes start, no revision is recorded, and it says so', async () => {
      const ns = uniqueNs('e2e-intrapply');
      const many = Array.from({ length: 300 }, (_, i) => configMap(ns, `conf-${i}`));
      const dist = writeStack('intrapply', ns, [namespace(ns), ...many]);
      const r = await interruptedRun(['apply', ...on(dist), '--concurrency', '1'], /ConfigMap \S+ created/);
      expect(r.code).toBe(130);
      const m = /interrupted while applying: (\d+) object\(s\) written, 0 unchanged, the rest not sent; no revision recorded, nothing pruned/.exec(r.stderr);
      expect(m).not.toBeNull();
      expect(Number(m![1])).toBeLessThan(301);
      expect(r.stderr).toContain(`kapstan apply --dir ${dist}`);
      expect(await history(dist)).toEqual([]);
    });
  });

  describe('history that tells the truth', () => {
    it('--no-wait records applied; rollback never takes it for the last good revision; a failure ends with the next commands', async () => {
      const ns = uniqueNs('e2e-truth');
      const dist = writeStack('truth', ns, [namespace(ns), deployment(ns, 'web', 'nginx:1.27')]);
      expect((await kapstan(['apply', ...on(dist)])).code).toBe(0);

      writeStack('truth', ns, [namespace(ns), deployment(ns, 'web', 'registry.example/web:kapstan-pull-error')], dist);
      const noWait = await kapstan(['apply', ...on(dist), '--no-wait']);
      expect(noWait.code).toBe(0);
      expect(noWait.stdout).toContain('apply done (revision 2, applied, not verified: --no-wait)');

      writeStack('truth', ns, [namespace(ns), deployment(ns, 'web', 'registry.example/web:kapstan-crash')], dist);
      const failed = await kapstan(['apply', ...on(dist), '--output', 'json']);
      expect(failed.code).toBe(1);
      // The summary counts the object that failed its rollout.
      expect(ndjson(failed.stdout).at(-1)).toMatchObject({ outcome: 'failed', failed: 1, revision: 3 });
      expect(await history(dist)).toEqual([[1, 'succeeded'], [2, 'applied'], [3, 'failed']]);

      const text = await kapstan(['apply', ...on(dist)]);
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(new RegExp([
        'next:',
        `  kubectl describe pod web-[a-z0-9]+-[a-z0-9]+ -n ${ns} --context \\S+ +# why Deployment web is Failed`,
        `  kapstan rollback 1 --dir ${dist} --kubeconfig \\S+ +# back to revision 1, the last verified one`,
        `  kapstan apply --dir ${dist} --kubeconfig \\S+ --atomic +# roll back by itself when the apply or rollout fails`,
        `  kapstan apply --dir ${dist} --kubeconfig \\S+ --fail-fast=false +# wait for failing objects to recover until --timeout instead`,
      ].join('\n')));

      const rb = await kapstan(['rollback', ...on(dist)]);
      expect(rb.stdout).toContain('rolling back stack truth to revision 1');
      expect(rb.code).toBe(0);
    });
  });
});
