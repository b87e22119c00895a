// Running one engine command on every member, wave after wave. Clusters of a wave run
// concurrently; with `stopOnFailure`, a wave with any failed cluster ends the run and later
// waves' clusters are reported as skipped (nothing is sent to them).

export type ClusterOutcome = 'succeeded' | 'failed' | 'skipped';

export interface ClusterResult<S> {
  cluster: string;
  /** 1-based position of the cluster's wave in this run. */
  wave: number;
  outcome: ClusterOutcome;
  summary?: S;
  /** Why the cluster failed (an error thrown before or while running) or was skipped. */
  error?: string;
  durationMs: number;
}

export interface WaveHooks {
  onStart?(cluster: string, wave: number): void;
  onEnd?(cluster: string, wave: number, outcome: ClusterOutcome, message?: string): void;
}

export async function runWaves<S>(
  waves: string[][],
  run: (cluster: string, wave: number) => Promise<{ ok: boolean; summary: S }>,
  opts: { stopOnFailure: boolean } & WaveHooks,
): Promise<ClusterResult<S>[]> {
  const results: ClusterResult<S>[] = [];
  let stoppedBy: number | undefined;
  for (const [i, wave] of waves.entries()) {
    const n = i + 1;
    if (stoppedBy !== undefined) {
      for (const cluster of wave) {
        const error = `not started: wave ${stoppedBy} failed`;
        results.push({ cluster, wave: n, outcome: 'skipped', error, durationMs: 0 });
        opts.onEnd?.(cluster, n, 'skipped', error);
      }
      continue;
    }
    const done = await Promise.all(wave.map(async (cluster): Promise<ClusterResult<S>> => {
      const started = Date.now();
      opts.onStart?.(cluster, n);
      let r: ClusterResult<S>;
      try {
        const { ok, summary } = await run(cluster, n);
        r = { cluster, wave: n, outcome: ok ? 'succeeded' : 'failed', summary, durationMs: Date.now() - started };
      } catch (err) {
        r = { cluster, wave: n, outcome: 'failed', error: err instanceof Error ? err.message : String(err), durationMs: Date.now() - started };
      }
      opts.onEnd?.(cluster, n, r.outcome, r.error);
      return r;
    }));
    results.push(...done);
    if (opts.stopOnFailure && done.some((r) => r.outcome !== 'succeeded')) stoppedBy = n;
  }
  return results;
}
