// What to do after a run that did not end well: the commands that roll back, inspect or wait
// longer, and after an interrupted run what it left behind and how to go on.
import { listRevisions } from './history';
import { previousGood } from './rollback';
import type { ApplySummary } from './apply';
import type { Session } from './session';

/** `kubectl describe` for a failed object's pod (or the object itself), in the right context. */
export function describeCommand(o: { kind: string; namespace?: string | null; name: string; pod?: string | null }, context?: string): string {
  const ns = o.namespace ? ` -n ${o.namespace}` : '';
  const ctx = context ? ` --context ${context}` : '';
  return o.pod ? `kubectl describe pod ${o.pod}${ns}${ctx}` : `kubectl describe ${o.kind.toLowerCase()} ${o.name}${ns}${ctx}`;
}

/** Aligned "  command    why" lines under a heading. */
export function commandLines(heading: string, steps: Array<[string, string]>): string[] {
  if (!steps.length) return [];
  const width = Math.max(...steps.map(([cmd]) => cmd.length));
  return [heading, ...steps.map(([cmd, why]) => `  ${cmd.padEnd(width)}  # ${why}`)];
}

/** The next commands after a failed (or rolled back) apply or rollback. */
export async function nextSteps(s: Session, sum: ApplySummary, selector: string): Promise<string[]> {
  const steps: Array<[string, string]> = [];
  const failed = sum.objects.filter((o) => (o.status !== undefined && o.status !== 'Current') || o.action === 'failed');
  for (const o of failed.slice(0, 3)) steps.push([describeCommand(o, s.client.contextName), `why ${o.kind} ${o.name} is ${o.status ?? 'failing'}`]);
  if (sum.outcome === 'failed' && !sum.dryRun && sum.revision !== undefined) {
    const revs = await listRevisions(s.client, s.namespace, s.source.stack).catch(() => []);
    const good = previousGood(revs, sum.revision);
    if (good) steps.push([`kapstan rollback ${good.revision} ${selector}`, `back to revision ${good.revision}, the last verified one`]);
    if (sum.command === 'apply') steps.push([`kapstan apply ${selector} --atomic`, 'roll back by itself when the apply or rollout fails']);
  }
  // Fail-fast stopped waiting: say how to wait instead (pods waiting for nodes, slow starters).
  if (sum.objects.some((o) => o.failedFast)) {
    steps.push([`kapstan ${sum.command === 'rollback' ? 'rollback' : 'apply'} ${selector} --fail-fast=false`, 'wait for failing objects to recover until --timeout instead']);
  }
  return commandLines('next:', steps);
}

/** What an interrupted apply or rollback left, and how to go on (Ctrl-C). */
export function interruptedLines(sum: ApplySummary, selector: string): string[] {
  const again: [string, string] = [`kapstan ${sum.command} ${selector}`, sum.command === 'apply' ? 'apply again and wait for the rollout' : 'roll back again'];
  if (sum.interruptedIn === 'track' && sum.revision !== undefined) {
    return [
      `interrupted: revision ${sum.revision} is recorded as applied (not verified); the rollout goes on in the cluster`,
      ...commandLines('to go on:', [
        [`kapstan status ${selector}`, `where it is; marks revision ${sum.revision} succeeded once every object is Current`],
        again,
      ]),
    ];
  }
  const written = sum.created + sum.updated;
  return [
    `interrupted while applying: ${written} object(s) written, ${sum.unchanged} unchanged, the rest not sent; no revision recorded, nothing pruned`,
    ...commandLines('to go on:', [again]),
  ];
}
