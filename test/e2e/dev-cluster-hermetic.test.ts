// The dev cluster never opens a connection off loopback, shown at the operating-system level:
// hermetic/scenario.ts runs a whole session (Service-backed APIService and webhooks, url: webhooks,
// logs/exec/port-forward, `kapstan apply` of example stacks) inside a network namespace made here,
// where an nftables counter sees every TCP/UDP packet that would leave loopback and rejects it
// locally (hermetic/netns.sh). Needs root, as on the project's machines and CI.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './engine-fixtures';

jest.setTimeout(600_000);

const NETNS = join(__dirname, 'hermetic', 'netns.sh');

function inNetns(counterFile: string, cmd: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('unshare', ['--net', '--', 'bash', NETNS, counterFile, ...cmd], { env: { ...process.env, ...env }, maxBuffer: 64 << 20, cwd: ROOT },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }));
  });
}

function offLoopbackPackets(counterFile: string): number {
  const counter = JSON.parse(readFileSync(counterFile, 'utf8')).nftables.find((x: any) => x.counter)?.counter;
  if (!counter) throw new Error(`no counter in ${counterFile}`);
  return counter.packets;
}

describe('dev cluster: nothing leaves loopback', () => {
  beforeAll(() => {
    if (process.getuid?.() !== 0) throw new Error('this test makes a network namespace and an nftables rule: run it as root (as CI does)');
  });

  it('the counter sees a connection that leaves loopback, and stops it locally', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kapstan-hermetic-'));
    const counter = join(dir, 'counter.json');
    const r = await inNetns(counter, [process.execPath, '-e',
      "require('net').connect(443, '10.96.0.1').on('error', (e) => { console.log(e.code); })"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ECONNREFUSED|EHOSTUNREACH/);
    expect(offLoopbackPackets(counter)).toBeGreaterThan(0);
  });

  it('a whole dev-cluster session opens no connection off loopback, and everything it asked for works', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kapstan-hermetic-'));
    const counter = join(dir, 'counter.json');
    const resultsFile = join(dir, 'results.json');
    const r = await inNetns(counter, [join(ROOT, 'node_modules/.bin/tsx'), join(__dirname, 'hermetic', 'scenario.ts'), resultsFile],
      { KAPSTAN_HOME: join(dir, 'home') });
    if (r.code !== 0) throw new Error(`scenario failed:\n${r.out}`);
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));

    expect(offLoopbackPackets(counter)).toBe(0);

    // A Service-backed APIService and webhooks fail fast, saying why.
    expect(results.serviceApiService).toMatchObject({ status: 'False', reason: 'FailedDiscoveryCheck' });
    expect(results.serviceApiService.message).toMatch(/cluster IP of Service monitoring\/metrics-server; nothing serves Service addresses on the kapstan dev cluster/);
    expect(results.failWebhook.code).not.toBe(0);
    expect(results.failWebhook.stderr).toMatch(/failed calling webhook "fail\.policy\.hermetic\.kapstan\.dev".*kapstan dev cluster/s);
    expect(results.ignoreWebhook.code).toBe(0);

    // Servers on 127.0.0.1 work: a url: webhook and an ExternalName (localhost) APIService.
    expect(results.webhookCalls).toBeGreaterThan(0);
    expect(results.mutated['hermetic.kapstan.dev/seen-by']).toBe('local-webhook');
    expect(results.localApiService).toMatchObject({ status: 'True' });
    expect(results.aggregatedCalls).toBeGreaterThan(0);

    // Logs, exec and port-forward, served on loopback.
    expect(results.logs.stdout).toMatch(/started registry\.example\/metrics-server:v0\.8\.0 in pod monitoring\/metrics-server-/);
    expect(results.logs.stdout).toMatch(/serving securely on \[::\]:4443/);
    expect(results.exec.stdout).toBe('secure\n');
    expect(results.execFile.stdout).toBe('scrape-interval: 15s\n');
    expect(results.execOther.code).not.toBe(0);
    expect(results.execOther.stderr).toMatch(/curl: command not found.*runs no containers/s);
    expect(results.portForwardMapped).toBe('hello from the local app\n');
    expect(results.portForwardDefault).toMatch(/pod monitoring\/metrics-server-[a-z0-9-]+ port 4443/);

    // Real example stacks through `kapstan apply`.
    expect(results.synth.code).toBe(0);
    for (const a of results.kapstanApply) {
      expect(a.code).toBe(0);
      expect(a.stdout).toMatch(/apply done \(revision 1\)/);
    }
  });
});
