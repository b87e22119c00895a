// The per-cluster summary at the end of a federated run: a table (text) or one `summary` event
// (json) holding every cluster's counts and outcome.
import type { Output } from '../printer';
import type { ClusterResult } from './waves-run';

type Counts = Record<string, unknown>;

/** Counts shown per command (keys of the member summaries). */
const COLUMNS: Record<string, string[]> = {
  apply: ['created', 'updated', 'unchanged', 'pruned', 'failed', 'revision'],
  diff: ['toCreate', 'toUpdate', 'toPrune', 'unchanged'],
  status: ['current', 'total'],
  destroy: ['deleted', 'kept'],
};

export interface FederationSummary {
  type: 'summary';
  command: string;
  federation: string;
  ok: boolean;
  succeeded: number;
  failed: number;
  skipped: number;
  durationMs: number;
  clusters: Array<{ cluster: string; wave: number; outcome: string; error?: string; errors?: string[]; durationMs: number } & Counts>;
}

export function federationSummary(command: string, federation: string, results: ClusterResult<any>[], durationMs: number): FederationSummary {
  const cols = COLUMNS[command] ?? [];
  const clusters = results.map((r) => {
    const counts: Counts = {};
    for (const c of cols) if (r.summary?.[c] !== undefined) counts[c] = r.summary[c];
    const errors: string[] = r.summary?.errors ?? [];
    return { cluster: r.cluster, wave: r.wave, outcome: r.outcome, ...counts, ...(r.error ? { error: r.error } : {}), ...(errors.length ? { errors } : {}), durationMs: r.durationMs };
  });
  const n = (o: string) => results.filter((r) => r.outcome === o).length;
  return {
    type: 'summary', command, federation, ok: results.every((r) => r.outcome === 'succeeded'),
    succeeded: n('succeeded'), failed: n('failed'), skipped: n('skipped'), durationMs, clusters,
  };
}

export function summaryTable(sum: FederationSummary, unit: 'cluster' | 'stack' = 'cluster'): string[] {
  const cols = COLUMNS[sum.command] ?? [];
  const head = [unit.toUpperCase(), 'WAVE', 'RESULT', ...cols.map((c) => c.toUpperCase()), 'TIME'];
  const rows = sum.clusters.map((c) => [
    c.cluster, String(c.wave), c.outcome,
    ...cols.map((k) => (c[k] === undefined ? '-' : String(c[k]))),
    c.outcome === 'skipped' ? '-' : `${(c.durationMs / 1000).toFixed(1)}s`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (cells: string[]) => cells.map((x, i) => x.padEnd(widths[i])).join('  ').trimEnd();
  return [fmt(head), ...rows.map(fmt)];
}

/** Prints the summary; problems (member errors, skipped clusters) go to stderr in text mode. */
export function printSummary(out: Output, sum: FederationSummary): void {
  if (out.mode === 'json') {
    out.event(sum as unknown as Record<string, unknown>);
    return;
  }
  out.line('');
  for (const l of summaryTable(sum)) out.line(l);
  for (const c of sum.clusters) {
    if (c.error && c.outcome === 'failed') out.error(`cluster ${c.cluster}: ${c.error}`);
    for (const e of c.errors ?? []) out.error(`cluster ${c.cluster}: ${e}`);
  }
  const total = sum.clusters.length;
  const verdict = sum.ok ? 'done' : `FAILED on ${sum.failed} of ${total} cluster(s)${sum.skipped ? `, ${sum.skipped} skipped` : ''}`;
  out.line(`${sum.command} --federation ${sum.federation}: ${verdict} in ${(sum.durationMs / 1000).toFixed(1)}s`);
}
