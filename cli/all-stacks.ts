// `kapstan apply|diff|status|destroy --all [-l SELECTOR]`: every single-cluster stack of the app
// (or those whose labels match the selector) in one command. Stacks run in waves of their
// dependencies (`stack.addDependency(other)`): a stack starts once every stack it depends on is
// done; stacks of a wave run in parallel; destroy goes in reverse. One combined view (lines tagged
// `[stack]`, a live per-stack footer in a terminal, NDJSON events carrying `stack`) and one summary.
// The per-stack work is the federation runner's (engine/federation/commands.ts): a stack here is
// what a member cluster is there.
import { UsageError } from '../engine/errors';
import type { FederationContext } from '../engine/federation/commands';
import { checkConnections, resolveConnections } from '../engine/federation/connection';
import { MemberOutput } from '../engine/federation/member-output';
import type { FederationMember } from '../engine/federation/members';
import { federationSummary, summaryTable } from '../engine/federation/summary';
import { FederationView } from '../engine/federation/view';
import { loadAllStacks } from '../engine/load';
import { stackWaves } from '../engine/many-stacks/order';
import { matchesSelector, parseSelector } from '../engine/many-stacks/selector';
import { Output } from '../engine/printer';
import { confirm } from './confirm';
import type { FederatedCommand, FederationFlags } from './federation';
import { runFederatedCommand } from './federated-command';
import { runSettings } from './flags';

export interface AllStacksFlags extends Omit<FederationFlags, 'federation' | 'waves'> {
  all?: boolean;
  selector?: string;
}

/** Runs the command on every selected stack; returns the exit code (as for one stack; 2 for usage errors). */
export async function runAllStacks(command: FederatedCommand, flags: AllStacksFlags): Promise<number> {
  const started = Date.now();
  const out = new Output({ mode: flags.output, stdout: process.stdout, stderr: process.stderr });
  let view: FederationView | undefined;
  try {
    if (flags.stack) throw new UsageError(`--stack and ${flags.all ? '--all' : '--selector'} cannot be combined (use a label selector to pick stacks)`);
    const selector = flags.selector !== undefined ? parseSelector(flags.selector) : undefined;
    const settings = runSettings(flags);
    const { concurrency } = settings;
    const progress = out.mode === 'text' ? (t: string) => process.stderr.write(t + '\n') : undefined;
    const all = await loadAllStacks({ app: flags.app, dir: flags.dir, log: (t) => process.stderr.write(out.redactor.redact(t) + '\n'), progress });
    const chosen = selector ? all.filter((s) => matchesSelector(s.labels, selector)) : all;
    if (!chosen.length) throw new UsageError(`no stack matches --selector ${flags.selector} (stacks: ${all.map((s) => `${s.stack} ${JSON.stringify(s.labels ?? {})}`).join(', ')})`);
    const { waves, unselected } = stackWaves(chosen.map((s) => ({ name: s.stack, dependsOn: s.dependsOn })), all.map((s) => s.stack));
    // Waves as this command takes them: destroy in reverse; diff and status read every stack at once.
    const order = command === 'destroy' ? [...waves].reverse() : command === 'apply' ? waves : [waves.flat()];
    const members: FederationMember[] = chosen.map((source) => ({
      cluster: source.stack, wave: order.findIndex((w) => w.includes(source.stack)) + 1, weight: 1, labels: source.labels ?? {}, dir: '', source,
    }));
    const connections = resolveConnections(members.map((m) => ({ cluster: m.cluster, context: m.source.context })), { kubeconfig: flags.kubeconfig, context: flags.context });
    checkConnections(connections);
    for (const m of members) for (const o of m.source.objects) out.redactor.addManifest(o.manifest);

    // Deleting in several stacks at once cannot prompt per stack: ask once, up front.
    let yes = flags.yes;
    const deletes = !flags.dryRun && (command === 'destroy' || (command === 'apply' && flags.prune));
    if (deletes && !yes) {
      const names = members.map((m) => m.cluster).join(', ');
      const what = command === 'destroy' ? `destroy of ${members.length} stack(s)` : `apply --prune of ${members.length} stack(s)`;
      if (!await confirm(`${command === 'destroy' ? 'Delete the objects of' : 'Prune objects that left'} stacks ${names}?`, false, what)) {
        out.line(`${command} cancelled`);
        return 1;
      }
      yes = true;
    }

    const std = process.stdout as NodeJS.WriteStream;
    view = new FederationView({
      mode: flags.output, stdout: std, stderr: process.stderr, tty: out.isTTY, unit: 'stack',
      members: members.map((m) => ({ cluster: m.cluster, wave: m.wave, total: m.source.objects.length })),
    });
    if (command === 'apply' || command === 'destroy') view.note(`${command} ${members.length} stack(s): ${order.map((w, i) => `wave ${i + 1}: ${w.join(', ')}`).join('; ')}`);
    for (const u of unselected) view.note(`stack ${u.stack} depends on ${u.dependsOn}, which the selector leaves out: not waited for`);
    const outputs = new Map(members.map((m) => [m.cluster, new MemberOutput(m.cluster, view!, flags.output, out.redactor)]));
    const fx: FederationContext = { members, connections, outputs, view, namespace: flags.namespace, concurrency };

    const { results, diffExit: exit } = await runFederatedCommand(command, fx, waves, flags, settings, yes);
    view.close();
    view = undefined;
    const sum = federationSummary(command, '', results, Date.now() - started);
    const stacks = sum.clusters.map(({ cluster, ...r }) => ({ stack: cluster, ...r }));
    if (out.mode === 'json') {
      const { federation: _f, clusters: _c, ...rest } = sum;
      out.event({ ...rest, all: true, ...(flags.selector !== undefined ? { selector: flags.selector } : {}), stacks });
    } else {
      out.line('');
      for (const l of summaryTable(sum, 'stack')) out.line(l);
      for (const c of stacks) {
        if (c.error && c.outcome === 'failed') out.error(`stack ${c.stack}: ${c.error}`);
        for (const e of c.errors ?? []) out.error(`stack ${c.stack}: ${e}`);
      }
      const verdict = sum.ok ? 'done' : `FAILED in ${sum.failed} of ${stacks.length} stack(s)${sum.skipped ? `, ${sum.skipped} skipped` : ''}`;
      out.line(`${command} ${flags.selector !== undefined ? `--selector ${flags.selector}` : '--all'}: ${verdict} in ${(sum.durationMs / 1000).toFixed(1)}s`);
    }
    if (exit !== undefined) return exit;
    // A stack that could not run (an error before or during it) is exit 2 as for one stack; a failed rollout 1.
    if (results.some((r) => r.error && r.outcome === 'failed')) return 2;
    return sum.ok ? 0 : 1;
  } catch (err) {
    view?.close();
    out.error(err instanceof Error ? err.message : String(err));
    return (err as { exitCode?: number })?.exitCode === 1 ? 1 : 2;
  }
}
