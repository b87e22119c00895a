import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { applyOptions, destroyOptions, diffOptions } from '../engine-options';
import { checkWholeNumber, LIMITS, parseBool, runSettings, type ApplyFlags, type CommonFlags } from '../flags';

// diff | apply | status | destroy | history | rollback. The engine (and @kubernetes/client-node)
// is imported inside each action so `kapstan --help` and `kapstan synth` stay fast.

// Values are checked while parsing, so a bad one is a usage error (exit 2, with the usage line);
// the flags keep their text (the federation runner parses them too).
function checked(check: (v: string) => void): (v: string) => string {
  return (v) => {
    try {
      check(v);
    } catch (err) {
      throw new InvalidArgumentError((err as Error).message);
    }
    return v;
  };
}

const wholeNumber = (range: { min: number; max: number }) => checked((v) => checkWholeNumber(v, range));

const duration = checked((v) => (require('../../engine/track/timeout') as typeof import('../../engine/track/timeout')).parseDuration(v));

const bool = checked((v) => {
  if (v !== 'true' && v !== 'false') throw new Error('takes true or false');
});

/** Where the stack comes from and which cluster: every engine command has these. */
function common(cmd: Command): Command {
  return cmd
    .option('-a, --app <cmd>', 'command that runs the app (default: app in cdk8s.yaml); synthesized first')
    .option('-d, --dir <dir>', 'use existing synth output (dist/ or dist/<stack>) instead of synthesizing')
    .option('-s, --stack <name>', 'the stack (required when there are several)')
    .option('--context <ctx>', "kube context (default: the stack's context, else the kubeconfig's current one)")
    .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
    .option('-n, --namespace <ns>', "the stack namespace (default: the stack's namespace, else default)")
    .addOption(new Option('-o, --output <format>', 'text, or json for NDJSON events and a final summary').choices(['text', 'json']).default('text'));
}

function timeoutOption(cmd: Command): Command {
  return cmd.option('--timeout <duration>', 'per-object rollout timeout, e.g. 90s, 5m', duration, '5m');
}

function yesOption(cmd: Command): Command {
  return cmd.option('-y, --yes', 'do not ask before deleting (required outside a terminal)');
}

/** Commands that never delete still accept --yes, so scripts can pass it to every command; --help does not offer it. */
function acceptYes(cmd: Command): Command {
  return cmd.addOption(new Option('-y, --yes').hideHelp());
}

function concurrencyOption(cmd: Command): Command {
  return cmd.option('--concurrency <n>', 'objects applied in parallel within a group', wholeNumber(LIMITS.concurrency), '16');
}

// Commands that write hold the stack's lock; a second run fails at once unless it may wait.
function lockOption(cmd: Command): Command {
  return cmd.option('--wait-for-lock', 'wait while another run holds the stack\'s lock instead of failing');
}

function failFastOption(cmd: Command): Command {
  return cmd
    .option('--fail-fast [bool]', 'stop waiting for an object once its failure is certain (--fail-fast=false waits until the timeout)', bool, 'true')
    .option('--crash-loop-restarts <n>', 'restarts after which a crash-looping container is a certain failure', wholeNumber(LIMITS.crashLoopRestarts), '3');
}

async function run(flags: CommonFlags, body: (ctx: Awaited<ReturnType<typeof setup>>) => Promise<number>): Promise<void> {
  const { Output } = (require('../../engine/printer') as typeof import('../../engine/printer'));
  const { InterruptedError } = (require('../../engine/interrupt') as typeof import('../../engine/interrupt'));
  const out = new Output({ mode: flags.output, stdout: process.stdout, stderr: process.stderr });
  let ctx: Awaited<ReturnType<typeof setup>> | undefined;
  try {
    ctx = await setup(flags, out);
    process.exitCode = await body(ctx);
  } catch (err) {
    if (err instanceof InterruptedError) {
      process.exitCode = err.exitCode;
      return;
    }
    // Object failures come back in the summary (exit 1); anything thrown is an error (exit 2, as kubectl).
    out.error(err instanceof Error ? err.message : String(err));
    // A held lock is a refusal like a failed apply (exit 1); anything else is an error (exit 2).
    process.exitCode = (err as { exitCode?: number })?.exitCode === 1 ? 1 : 2;
    const details = (err as { details?: string }).details;
    if (details && out.mode === 'text') {
      const { isVerbose } = (require('../conventions') as typeof import('../conventions'));
      out.note(isVerbose() ? details.trimEnd() : '(run with --verbose for the full output)');
    }
  } finally {
    ctx?.session.client.close();
  }
}

/** How the user named the stack, for the commands we suggest next. */
function selector(flags: CommonFlags, stack: string): string {
  const parts = [flags.dir ? `--dir ${flags.dir}` : `--stack ${stack}`];
  if (flags.app) parts.unshift(`--app '${flags.app}'`);
  if (flags.context) parts.push(`--context ${flags.context}`);
  if (flags.kubeconfig) parts.push(`--kubeconfig ${flags.kubeconfig}`);
  return parts.join(' ');
}

async function setup(flags: CommonFlags, out: import('../../engine/printer').Output) {
  const { parseDuration } = (require('../../engine/track/timeout') as typeof import('../../engine/track/timeout'));
  const { loadStack } = (require('../../engine/load') as typeof import('../../engine/load'));
  const { openSession } = (require('../../engine/session') as typeof import('../../engine/session'));
  const timeoutMs = parseDuration(flags.timeout ?? '5m');
  const concurrency = Number(flags.concurrency ?? 16);
  const source = await loadStack({ app: flags.app, dir: flags.dir, stack: flags.stack, log: (t) => process.stderr.write(out.redactor.redact(t) + '\n'), progress: out.mode === 'text' ? (t) => process.stderr.write(t + '\n') : undefined });
  const { confirm } = (require('../confirm') as typeof import('../confirm'));
  const session = await openSession(source, out, { kubeconfig: flags.kubeconfig, context: flags.context, namespace: flags.namespace, concurrency, confirm });
  return { session, timeoutMs, selector: selector(flags, source.stack) };
}

async function finish(session: import('../../engine/session').Session, summary: any, stackSelector: string): Promise<number> {
  const { interruptReason, exitCodeFor } = (require('../../engine/interrupt') as typeof import('../../engine/interrupt'));
  const { interruptedLines, nextSteps } = (require('../../engine/next-steps') as typeof import('../../engine/next-steps'));
  const out = session.out;
  const reason = interruptReason();
  if (out.mode === 'json') out.event(summary);
  else if (summary.outcome === 'interrupted') {
    // A closed output ends quietly; Ctrl-C says what it left and how to go on.
    if (reason === 'sigint') for (const l of interruptedLines(summary, stackSelector)) out.note(l);
  } else {
    const parts = [`created ${summary.created}`, `updated ${summary.updated}`, `unchanged ${summary.unchanged}`, `pruned ${summary.pruned}`];
    if (summary.failed) parts.push(`failed ${summary.failed}`);
    const rev = summary.revision ? ` (revision ${summary.revision}${summary.outcome === 'succeeded' && !summary.verified && !summary.dryRun ? ', applied, not verified: --no-wait' : ''})` : '';
    const what = summary.dryRun ? 'dry run' : summary.command;
    const done = summary.pruneDeclined ? 'done, prune declined' : 'done';
    out.line(`${what} ${summary.outcome === 'succeeded' ? done : summary.outcome === 'rolled-back' ? `failed, rolled back to revision ${summary.rolledBackTo}` : 'FAILED'}${rev}: ${parts.join(', ')} in ${(summary.durationMs / 1000).toFixed(1)}s`);
    if (summary.outcome === 'failed' || summary.outcome === 'rolled-back') {
      for (const l of await nextSteps(session, summary, stackSelector)) out.line(l);
    }
  }
  if (summary.outcome === 'interrupted') return exitCodeFor(reason ?? 'sigint');
  // Declining the prune prompt is not success: what was asked for did not all happen (as federated runs).
  return summary.outcome === 'succeeded' && !summary.pruneDeclined ? 0 : 1;
}

// `--federation NAME` runs the command on every member cluster (cli/federation.ts, engine/federation/).
function federated(cmd: Command): Command {
  return cmd
    .option('--federation <name>', 'run on every member cluster of this federation (dist/<name>/<cluster>/)')
    .option('--waves [spec]', "with --federation: apply in waves: 'declared' (members' wave, the default), 'parallel', sizes like 1,2 (first cluster as canary), or names like eu-1,eu-2+us-1")
    .option('--via <engine>', "with --federation: deploy through a multi-cluster engine instead of to each member: 'karmada' (dist/<name>/karmada/ to the Karmada API server, then tracked into every member)");
}

// `--all` / `--selector`: every stack of the app, or those whose labels match (cli/all-stacks.ts).
function allStacks(cmd: Command): Command {
  return cmd
    .option('--all', 'every stack of the app, in dependency order (stack.addDependency), independent stacks in parallel')
    .option('-l, --selector <labels>', "the stacks whose labels match, e.g. 'team=web,tier!=batch' (implies --all)");
}

/** Runs the command on one stack, on every stack (--all, --selector) or on a federation's members. */
function dispatch(command: 'apply' | 'diff' | 'status' | 'destroy', flags: any, one: () => Promise<void>): Promise<void> {
  if (flags.all || flags.selector !== undefined) {
    if (flags.federation) {
      process.stderr.write(`error: --federation and ${flags.all ? '--all' : '--selector'} cannot be combined\n`);
      process.exitCode = 2;
      return Promise.resolve();
    }
    return (async () => {
      const { runAllStacks } = (require('../all-stacks') as typeof import('../all-stacks'));
      process.exitCode = await runAllStacks(command, flags);
    })();
  }
  return flags.federation ? runFederated(command, flags) : one();
}

async function runFederated(command: 'apply' | 'diff' | 'status' | 'destroy', flags: any): Promise<void> {
  const { runFederation } = (require('../federation') as typeof import('../federation'));
  process.exitCode = await runFederation(command, flags);
}

export function registerEngineCommands(program: Command): void {
  allStacks(federated(acceptYes(concurrencyOption(common(program.command('diff'))))))
    .description('show what apply would change (server-side dry run); exit 0: no differences, 1: differences, >1: error')
    .option('--prune', 'also show members that apply --prune would delete')
    .option('--prune-protected', 'count protected members (PVCs, namespaces, CRDs, kapstan.io/keep) as prunable')
    .option('--force-conflicts', 'dry-run as if taking ownership of conflicting fields')
    .option('--adopt', 'dry-run as if taking over declared objects that belong to another owner')
    .action((flags: ApplyFlags) => dispatch('diff', flags, () => run(flags, async ({ session }) => {
      const { diffStack, diffExitCode } = (require('../../engine/diff') as typeof import('../../engine/diff'));
      const sum = await diffStack(session, diffOptions(flags));
      return diffExitCode(sum);
    })));

  allStacks(federated(lockOption(failFastOption(concurrencyOption(yesOption(timeoutOption(common(program.command('apply')))))))))
    .description('server-side apply the stack in dependency order, prune (opt-in), record a revision and track the rollout')
    .option('--dry-run', 'show what apply would do; change nothing')
    .option('--force-conflicts', 'take ownership of fields another field manager owns')
    .option('--replace', 'delete and recreate objects whose immutable fields changed')
    .option('--prune', 'delete members of the stack that are no longer declared')
    .option('--prune-protected', 'also prune PVCs, namespaces, CRDs and objects annotated kapstan.io/keep=true')
    .option('--allow-empty', 'allow pruning everything when the stack declares no objects')
    .option('--history-max <n>', 'revisions to keep', wholeNumber(LIMITS.historyMax), '10')
    .option('--atomic', 'roll back to the last good revision when the apply or rollout fails')
    .option('--no-wait', 'do not track the rollout (the revision is recorded as applied, not verified)')
    .option('--adopt', 'take over declared objects that belong to another stack, Helm or another tool (refused otherwise)')
    .option('--cascade-foreign', 'prune a Namespace or CRD even when objects that are not members would be deleted with it')
    .action((flags: ApplyFlags) => dispatch('apply', flags, () => run(flags, async ({ session, timeoutMs, selector }) => {
      const { applyStack } = (require('../../engine/apply') as typeof import('../../engine/apply'));
      const { applyAtomic } = (require('../../engine/rollback') as typeof import('../../engine/rollback'));
      const opts = applyOptions(flags, { ...runSettings(flags), timeoutMs }, flags.yes);
      const sum = await withWrapUp(() => (flags.atomic ? applyAtomic(session, opts) : applyStack(session, opts)));
      return finish(session, sum, selector);
    })));

  lockOption(failFastOption(concurrencyOption(yesOption(timeoutOption(common(program.command('rollback [revision]')))))))
    .description('re-apply a recorded revision (default: the last successful one before the latest), prune and track')
    .option('--force-conflicts', 'take ownership of fields another field manager owns')
    .option('--history-max <n>', 'revisions to keep', wholeNumber(LIMITS.historyMax), '10')
    .option('--adopt', 'take over objects of the revision that now belong to another owner')
    .action((rev: string | undefined, flags: ApplyFlags) => run(flags, async ({ session, timeoutMs, selector }) => {
      const { rollbackStack } = (require('../../engine/rollback') as typeof import('../../engine/rollback'));
      const { UsageError } = (require('../../engine/errors') as typeof import('../../engine/errors'));
      if (rev !== undefined && !/^\d+$/.test(rev)) throw new UsageError(`revision must be a number (got "${rev}")`);
      const sum = await withWrapUp(() => rollbackStack(session, rev === undefined ? undefined : Number(rev), {
        force: flags.forceConflicts, adopt: flags.adopt, waitForLock: flags.waitForLock, yes: flags.yes, historyMax: Number(flags.historyMax), timeoutMs, failFast: parseBool(flags.failFast, '--fail-fast'),
        crashLoopRestarts: Number(flags.crashLoopRestarts),
      }));
      return finish(session, sum, selector);
    }));

  allStacks(federated(acceptYes(common(program.command('status')))))
    .description("show each object's rollout status now; exit 0 when all are Current (marks an unverified revision once they are)")
    .action((flags: CommonFlags) => dispatch('status', flags, () => run(flags, async ({ session }) => {
      const { reportStatus } = (require('../../engine/stack-status') as typeof import('../../engine/stack-status'));
      const { verifyRevision } = (require('../../engine/verify') as typeof import('../../engine/verify'));
      const { states, current } = await reportStatus(session);
      const verified = await verifyRevision(session, states);
      session.out.event({ type: 'summary', command: 'status', stack: session.source.stack, total: states.length, current, ok: current === states.length, ...(verified ? { revision: verified.revision, revisionOutcome: verified.outcome } : {}), requests: session.client.requests.snapshot() },
        `${current}/${states.length} Current${verified ? `; revision ${verified.revision} verified: ${verified.outcome}` : ''}`);
      return current === states.length ? 0 : 1;
    })));

  allStacks(federated(lockOption(concurrencyOption(yesOption(timeoutOption(common(program.command('destroy'))))))))
    .description("delete the stack's objects in reverse order and wait for them to go (protected objects are kept)")
    .option('--prune-protected', 'also delete PVCs, namespaces, CRDs and objects annotated kapstan.io/keep=true')
    .option('--dry-run', 'list what would be deleted')
    .option('--cascade-foreign', 'delete a Namespace or CRD even when objects that are not members would be deleted with it')
    .action((flags: ApplyFlags) => dispatch('destroy', flags, () => run(flags, async ({ session, timeoutMs }) => {
      const { destroyStack } = (require('../../engine/destroy') as typeof import('../../engine/destroy'));
      const sum = await destroyStack(session, destroyOptions(flags, { ...runSettings(flags), timeoutMs }, flags.yes));
      session.out.event(sum as unknown as Record<string, unknown>, `destroy: deleted ${sum.deleted}, kept ${sum.kept}`);
      return sum.cancelled || sum.refused || sum.hookFailed ? 1 : 0;
    })));

  acceptYes(common(program.command('history')))
    .description("list the stack's recorded revisions")
    .action((flags: CommonFlags) => run(flags, async ({ session }) => {
      const { listRevisions } = (require('../../engine/history') as typeof import('../../engine/history'));
      const revs = await listRevisions(session.client, session.namespace, session.source.stack);
      if (session.out.mode === 'json') {
        session.out.event({ type: 'history', stack: session.source.stack, revisions: revs.map(({ name: _n, ...r }) => r) });
      } else if (!revs.length) {
        session.out.line(`stack ${session.source.stack} has no revisions in namespace ${session.namespace}`);
      } else {
        session.out.line(`${'REVISION'.padEnd(9)} ${'TIME'.padEnd(25)} ${'OUTCOME'.padEnd(12)} ${'OBJECTS'.padEnd(8)} ${'VERSION'.padEnd(8)} NOTE`);
        for (const r of revs) session.out.line(`${String(r.revision).padEnd(9)} ${r.time.padEnd(25)} ${r.outcome.padEnd(12)} ${String(r.objects).padEnd(8)} ${r.version.padEnd(8)} ${r.note ?? ''}`);
      }
      return 0;
    }));
}

/** Runs an apply or rollback that, on Ctrl-C or a closed output, stops and records what it left. */
async function withWrapUp<T>(body: () => Promise<T>): Promise<T> {
  const { wrapUpOnInterrupt } = (require('../stdout') as typeof import('../stdout'));
  const end = wrapUpOnInterrupt();
  try {
    return await body();
  } finally {
    end();
  }
}
