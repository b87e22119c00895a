import { federationSummary, printSummary, summaryTable } from '../../../../engine/federation/summary';
import type { ClusterResult } from '../../../../engine/federation/waves-run';
import { Output } from '../../../../engine/printer';

class Sink {
  text = '';
  write(t: string) {
    this.text += t;
    return true;
  }
}

const results: ClusterResult<any>[] = [
  { cluster: 'a', wave: 1, outcome: 'failed', durationMs: 12_340, summary: { created: 1, updated: 0, unchanged: 3, pruned: 0, failed: 0, revision: 2, errors: ['Deployment web/web: image pull failed'] } },
  { cluster: 'b', wave: 2, outcome: 'skipped', durationMs: 0, error: 'not started: wave 1 failed' },
];

describe('federation summary', () => {
  test('counts outcomes and keeps per-cluster counts and errors', () => {
    const sum = federationSummary('apply', 'global', results, 15_000);
    expect(sum).toMatchObject({ type: 'summary', command: 'apply', federation: 'global', ok: false, succeeded: 0, failed: 1, skipped: 1 });
    expect(sum.clusters[0]).toEqual({ cluster: 'a', wave: 1, outcome: 'failed', created: 1, updated: 0, unchanged: 3, pruned: 0, failed: 0, revision: 2, errors: ['Deployment web/web: image pull failed'], durationMs: 12_340 });
    expect(sum.clusters[1]).toEqual({ cluster: 'b', wave: 2, outcome: 'skipped', error: 'not started: wave 1 failed', durationMs: 0 });
  });

  test('text: a per-cluster table, errors on stderr, one verdict line', () => {
    const sum = federationSummary('apply', 'global', results, 15_000);
    expect(summaryTable(sum)).toEqual([
      'CLUSTER  WAVE  RESULT   CREATED  UPDATED  UNCHANGED  PRUNED  FAILED  REVISION  TIME',
      'a        1     failed   1        0        3          0       0       2         12.3s',
      'b        2     skipped  -        -        -          -       -       -         -',
    ]);
    const stdout = new Sink();
    const stderr = new Sink();
    printSummary(new Output({ mode: 'text', stdout: stdout as any, stderr: stderr as any }), sum);
    expect(stdout.text).toContain('apply --federation global: FAILED on 1 of 2 cluster(s), 1 skipped in 15.0s');
    expect(stderr.text).toBe('error: cluster a: Deployment web/web: image pull failed\n');
  });

  test('json: one summary event; all succeeded is ok', () => {
    const ok = federationSummary('status', 'global', [{ cluster: 'a', wave: 1, outcome: 'succeeded', durationMs: 5, summary: { current: 4, total: 4 } }], 10);
    const stdout = new Sink();
    printSummary(new Output({ mode: 'json', stdout: stdout as any, stderr: new Sink() as any }), ok);
    expect(JSON.parse(stdout.text)).toEqual({ ...ok, clusters: [{ cluster: 'a', wave: 1, outcome: 'succeeded', current: 4, total: 4, durationMs: 5 }] });
    expect(ok.ok).toBe(true);
  });
});
