// `kapstan apply|diff|status|destroy --federation NAME`: loads the federation's members (from
// --dir or by synthesizing the app), checks every member's kubeconfig/context and the waves
// before any API call, runs the command on each member and prints one per-cluster summary.
import type { FederationContext } from '../engine/federation/commands';
import { checkConnections, resolveConnections } from '../engine/federation/connection';
import { MemberOutput } from '../engine/federation/member-output';
import { federationSummary, printSummary } from '../engine/federation/summary';
import { FederationView } from '../engine/federation/view';
import { planWaves } from '../engine/federation/waves';
import { loadFederation } from '../engine/load';
import { Output } from '../engine/printer';
import { confirm } from './confirm';
import { runFederatedCommand } from './federated-command';
import { runSettings, type ApplyFlags, type CommonFlags } from './flags';

export type FederatedCommand = 'apply' | 'diff' | 'status' | 'destroy';

/** Any engine command's flags plus `--federation`/`--waves`; apply's options are optional here. */
export interface FederationFlags extends CommonFlags, Partial<Omit<ApplyFlags, keyof CommonFlags>> {
  federation: string;
  waves?: string | boolean;
  /** `karmada`: through the Karmada API server (cli/federation-karmada.ts). */
  via?: string;
}

/** Runs the command and returns the process exit code (0 ok, 1 a cluster failed or differs, 2 usage). */
export async function runFederation(command: FederatedCommand, flags: FederationFlags): Promise<number> {
  if (flags.via !== undefined) {
    if (flags.via !== 'karmada') {
      new Output({ mode: flags.output, stdout: process.stdout, stderr: process.stderr }).error(`--via: unknown engine "${flags.via}" (known: karmada)`);
      return 2;
    }
    const { runKarmadaFederation } = require('./federation-karmada') as typeof import('./federation-karmada');
    return runKarmadaFederation(command, flags);
  }
  const started = Date.now();
  const out = new Output({ mode: flags.output, stdout: process.stdout, stderr: process.stderr });
  let view: FederationView | undefined;
  try {
    const settings = runSettings(flags);
    const { concurrency } = settings;
    const members = await loadFederation({ app: flags.app, dir: flags.dir, stack: flags.stack, federation: flags.federation, log: (t) => process.stderr.write(out.redactor.redact(t) + '\n') });
    const waves = planWaves(members, flags.waves);
    const connections = resolveConnections(members.map((m) => ({ cluster: m.cluster, context: m.source.context })), flags);
    checkConnections(connections);
    for (const m of members) for (const o of m.source.objects) out.redactor.addManifest(o.manifest);

    // Deleting on several clusters at once cannot prompt per cluster: ask once, up front.
    let yes = flags.yes;
    const deletes = !flags.dryRun && (command === 'destroy' || (command === 'apply' && flags.prune));
    if (deletes && !yes) {
      const what = command === 'destroy' ? `destroy on ${members.length} cluster(s)` : `apply --prune on ${members.length} cluster(s)`;
      if (!await confirm(`${command === 'destroy' ? 'Delete the stack\'s objects' : 'Prune objects that left the stack'} on ${members.map((m) => m.cluster).join(', ')}?`, false, what)) {
        out.line(`${command} cancelled`);
        return 1;
      }
      yes = true;
    }

    const std = process.stdout as NodeJS.WriteStream;
    view = new FederationView({
      mode: flags.output, stdout: std, stderr: process.stderr, tty: out.isTTY,
      members: members.map((m) => ({ cluster: m.cluster, wave: waves.findIndex((w) => w.includes(m.cluster)) + 1, total: m.source.objects.length })),
    });
    if (flags.output === 'text' && command === 'apply') {
      view.note(`federation ${flags.federation}: ${waves.map((w, i) => `wave ${i + 1}: ${w.join(', ')}`).join('; ')}`);
    }
    const outputs = new Map(members.map((m) => [m.cluster, new MemberOutput(m.cluster, view!, flags.output, out.redactor)]));
    const fx: FederationContext = { members, connections, outputs, view, namespace: flags.namespace, concurrency };

    const { results, diffExit } = await runFederatedCommand(command, fx, waves, flags, settings, yes);
    view.close();
    view = undefined;
    const sum = federationSummary(command, flags.federation, results, Date.now() - started);
    printSummary(out, sum);
    if (diffExit !== undefined) return diffExit;
    return sum.ok ? 0 : 1;
  } catch (err) {
    view?.close();
    out.error(err instanceof Error ? err.message : String(err));
    return 2;
  }
}
