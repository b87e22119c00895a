// `kapstan apply|diff|status|destroy --federation NAME --via karmada`: the federation's Karmada
// stack (dist/NAME/karmada/) on the Karmada API server, then the propagation into the members
// tracked in one live table (NDJSON with --output json). Exit codes as the direct path.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../engine/errors';
import { checkConnections, resolveConnections } from '../engine/federation/connection';
import type { PropagationResult } from '../engine/federation/karmada-track';
import { loadFederation } from '../engine/load';
import { createTrackReporter } from '../engine/output/progress';
import { Output } from '../engine/printer';
import { readStackDir } from '../engine/source';
import type { TrackReporter } from '../engine/track/types';
import { confirm } from './confirm';
import type { FederatedCommand, FederationFlags } from './federation';
import { runSettings } from './flags';

/** The connection name of the Karmada API server in --kubeconfig/--context maps and KAPSTAN_KUBECONFIG_KARMADA. */
export const KARMADA = 'karmada';

/** NDJSON for --output json: one `propagation` event per change of a template in a member, with its cluster. */
function jsonReporter(write: (t: string) => void): TrackReporter {
  return {
    onEvent(e) {
      if (e.type !== 'update') return;
      const o = e.object;
      const cluster = o.id.slice(o.id.lastIndexOf(' @') + 2);
      write(JSON.stringify({
        type: 'propagation', at: e.at, cluster, apiVersion: o.ref.apiVersion, kind: o.ref.kind, name: o.ref.name, namespace: o.ref.namespace ?? null,
        status: o.status, message: o.message, scheduled: o.desired ?? null, available: o.ready ?? null, reason: o.reason ?? null, pod: o.pod ?? null, done: o.done,
      }) + '\n');
    },
  };
}

/** Per member: templates Current / total, for the summary. */
function perCluster(p: PropagationResult | undefined) {
  const by = new Map<string, { cluster: string; current: number; total: number; available: number; failed: string[] }>();
  for (const r of p?.rows ?? []) {
    const c = by.get(r.cluster) ?? { cluster: r.cluster, current: 0, total: 0, available: 0, failed: [] };
    c.total++;
    if (r.status === 'Current') c.current++;
    if (r.available) c.available += r.available;
    if (r.status !== 'Current') c.failed.push(`${r.template.kind}/${r.template.name}: ${r.message}`);
    by.set(r.cluster, c);
  }
  return [...by.values()].sort((a, b) => a.cluster.localeCompare(b.cluster));
}

export async function runKarmadaFederation(command: FederatedCommand, flags: FederationFlags): Promise<number> {
  const started = Date.now();
  const out = new Output({ mode: flags.output, stdout: process.stdout, stderr: process.stderr });
  try {
    const { timeoutMs, concurrency, failFast, historyMax } = runSettings(flags);
    if (flags.waves !== undefined) throw new UsageError('--waves cannot be combined with --via karmada: Karmada places every member at once');
    if (flags.atomic) throw new UsageError('--atomic cannot be combined with --via karmada: Karmada rolls members out itself, Kapstan only applies the Karmada stack');
    const members = await loadFederation({ app: flags.app, dir: flags.dir, stack: flags.stack, federation: flags.federation, log: (t) => process.stderr.write(out.redactor.redact(t) + '\n') });
    const dir = path.join(path.dirname(members[0].dir), KARMADA);
    if (!fs.existsSync(path.join(dir, 'index.json'))) {
      throw new UsageError(`federation ${flags.federation} has no Karmada output (${dir}): set \`karmada: true\` (or { context }) on the Federation and synthesize again`);
    }
    const source = readStackDir(dir);
    const conn = resolveConnections([{ cluster: KARMADA, context: source.context }], flags).get(KARMADA)!;
    checkConnections(new Map([[KARMADA, conn]]));
    for (const o of source.objects) out.redactor.addManifest(o.manifest);

    const { openSession } = require('../engine/session') as typeof import('../engine/session');
    const s = await openSession(source, out, { ...conn, namespace: flags.namespace, concurrency, confirm });
    const reporter = flags.output === 'json' ? jsonReporter((t) => process.stdout.write(t)) : createTrackReporter({ output: 'text', stream: process.stdout });
    const k = require('../engine/federation/karmada-commands') as typeof import('../engine/federation/karmada-commands');
    try {
      if (command === 'diff') {
        const { diffExitCode } = require('../engine/diff') as typeof import('../engine/diff');
        const sum = await k.karmadaDiff(s, { prune: flags.prune, pruneProtected: flags.pruneProtected, force: flags.forceConflicts });
        return diffExitCode(sum);
      }
      let ok: boolean;
      let propagation: PropagationResult | undefined;
      let extra: Record<string, unknown> = {};
      let what: string;
      if (command === 'apply') {
        const r = await k.karmadaApply(s, {
          dryRun: flags.dryRun, force: flags.forceConflicts, replace: flags.replace, prune: flags.prune, pruneProtected: flags.pruneProtected, adopt: flags.adopt,
          waitForLock: flags.waitForLock, cascadeForeign: flags.cascadeForeign, allowEmpty: flags.allowEmpty, yes: flags.yes, historyMax,
          track: flags.wait !== false, timeoutMs, failFast,
        }, { reporter });
        ok = r.ok;
        propagation = r.propagation;
        const a = r.apply;
        extra = { created: a.created, updated: a.updated, unchanged: a.unchanged, pruned: a.pruned, failed: a.failed, outcome: a.outcome };
        what = `applied to Karmada (created ${a.created}, updated ${a.updated}, unchanged ${a.unchanged}, pruned ${a.pruned}${a.failed ? `, failed ${a.failed}` : ''})`;
      } else if (command === 'status') {
        propagation = await k.karmadaStatus(s, { reporter });
        ok = propagation.ok;
        what = 'status';
      } else {
        const r = await k.karmadaDestroy(s, { yes: flags.yes, pruneProtected: flags.pruneProtected, timeoutMs, dryRun: flags.dryRun, waitForLock: flags.waitForLock, cascadeForeign: flags.cascadeForeign });
        ok = r.leftInMembers.length === 0;
        extra = { deleted: r.destroy.deleted, kept: r.destroy.kept, leftInMembers: r.leftInMembers };
        what = `deleted ${r.destroy.deleted} from Karmada, kept ${r.destroy.kept}; ${ok ? 'gone from every member' : `still in members: ${r.leftInMembers.map((l) => `${l.cluster}: ${l.object}`).join(', ')}`}`;
      }
      const clusters = perCluster(propagation);
      const durationMs = Date.now() - started;
      if (flags.output === 'json') {
        out.event({ type: 'summary', command, federation: flags.federation, via: KARMADA, ok, ...extra, clusters: clusters.map(({ failed: _f, ...c }) => c), durationMs });
      } else {
        const where = clusters.map((c) => `${c.cluster} ${c.current}/${c.total} Current${c.available ? ` (${c.available} available)` : ''}`).join(', ');
        out.line(`federation ${flags.federation} via Karmada: ${what}${where ? `; ${where}` : ''}; ${ok ? 'ok' : 'FAILED'} in ${(durationMs / 1000).toFixed(1)}s`);
      }
      const { interruptReason, exitCodeFor } = require('../engine/interrupt') as typeof import('../engine/interrupt');
      const interrupted = interruptReason();
      if (interrupted) return exitCodeFor(interrupted);
      return ok ? 0 : 1;
    } finally {
      s.client.close();
    }
  } catch (err) {
    out.error(err instanceof Error ? err.message : String(err));
    return 2;
  }
}
