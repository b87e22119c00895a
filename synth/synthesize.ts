import type { IConstruct } from 'constructs';
import * as path from 'path';
import { errorMessage, findRoots, renderObjects, validateConstructs, type Rendered, type Root } from './collect';
import { applyDefaults, customScopes, type StackDefaults } from './normalize';
import { applyOrder } from './order';
import type { Problem, StackSummary, SynthObject, SynthOptions, SynthResult, SynthStack } from './types';
import { runValidation } from './validation';
import { renderStack, writeStacks } from './write';

/** A Federation turns its (already defaulted) objects into one stack per member cluster. */
export interface StackExpander {
  readonly federationName: string;
  /** Member stack names and folders (`global-eu-1`, `global/eu-1`), for `--stack` selection. */
  readonly memberStackNames: readonly string[];
  readonly defaults: StackDefaults;
  expandStacks(objects: SynthObject[], problems: Problem[]): SynthStack[];
}

/**
 * Synthesizes every Stack, Federation and plain cdk8s Chart of `app` into `outdir`
 * (`dist/<stack>/`, `dist/<federation>/<cluster>/`): collects each ApiObject with its construct
 * path, applies stack defaults, validates, orders and writes `NN-<group>.k8s.yaml` + `index.json`.
 * When any error is found nothing is written.
 */
export function synthesize(app: IConstruct, options: SynthOptions = {}): SynthResult {
  const started = process.hrtime.bigint();
  const outdir = path.resolve(options.outdir ?? 'dist');
  const { stacks, problems: unique, ok } = synthesizeInMemory(app, options);
  const rendered = new Map<string, Map<string, string>>();
  if (ok) {
    for (const stack of stacks) rendered.set(stack.dir, renderStack(stack));
    writeStacks(outdir, rendered, options.prune ?? options.stack === undefined);
  }
  return {
    ok,
    outdir,
    stacks: stacks.map((s) => summarize(s, rendered.get(s.dir))),
    problems: unique,
    durationMs: Number(process.hrtime.bigint() - started) / 1e6,
  };
}

/** What `synthesize` would write: every stack's objects in apply order, and every problem found. */
export interface InMemorySynth {
  ok: boolean;
  stacks: SynthStack[];
  problems: Problem[];
}

/** `synthesize` without writing anything (the testing helpers, `kapstan/testing`, build on it). */
export function synthesizeInMemory(app: IConstruct, options: Pick<SynthOptions, 'validate' | 'stack'> = {}): InMemorySynth {
  const mode = options.validate ?? 'strict';
  const problems: Problem[] = validateConstructs(app);

  const roots = selectRoots(findRoots(app), options.stack, problems);
  const stacks: SynthStack[] = [];
  for (const root of roots) {
    try {
      const built = buildStacks(root, problems);
      // `--stack <federation>-<cluster>` picks one member out of its federation.
      const wanted = options.stack;
      const whole = wanted === undefined || wanted === root.name || wanted === root.construct.node.id;
      stacks.push(...(whole ? built : built.filter((s) => s.name === wanted || s.dir === wanted)));
    } catch (err) {
      problems.push({ severity: 'error', rule: 'synth', path: root.construct.node.path, message: errorMessage(err) });
    }
  }
  checkUniqueDirs(stacks, problems);

  if (mode !== 'off') {
    for (const stack of stacks) {
      let found: Problem[];
      try {
        found = runValidation(stack.objects, stack.validation ?? {});
      } catch (err) {
        // a crash inside validation must not pass for "no problems"
        found = [{ severity: 'error', rule: 'validate', path: stack.name, message: `validation could not run: ${errorMessage(err)}` }];
      }
      for (const p of found) problems.push(mode === 'warn' ? { ...p, severity: 'warning' } : p);
    }
  }

  const unique = dedupe(problems);
  return { ok: !unique.some((p) => p.severity === 'error'), stacks, problems: unique };
}

/** The roots to synthesize: all, or the one matching `--stack` (a stack, federation or member). */
function selectRoots(roots: Root[], wanted: string | undefined, problems: Problem[]): Root[] {
  if (wanted === undefined) return roots;
  const names = (r: Root): string[] =>
    r.kind === 'federation' ? [r.name, ...(r.construct as unknown as StackExpander).memberStackNames] : [...new Set([r.name, r.construct.node.id])];
  const picked = roots.filter((r) => names(r).includes(wanted));
  if (picked.length === 0) {
    const known = roots.flatMap(names).sort().join(', ') || 'none';
    problems.push({ severity: 'error', rule: 'synth', path: wanted, message: `no stack or federation named '${wanted}' (known: ${known})` });
  }
  return picked;
}

function buildStacks(root: Root, problems: Problem[]): SynthStack[] {
  const c = root.construct;
  if (root.kind === 'federation') {
    const fed = c as unknown as StackExpander;
    const objects = defaulted(renderObjects(c, fed.defaults.namespace, problems), fed.defaults, '');
    return fed.expandStacks(objects, problems);
  }
  const isStack = root.kind === 'stack';
  const defaults: StackDefaults = isStack
    ? { namespace: c.defaultNamespace, labels: { ...c.commonLabels }, annotations: { ...c.commonAnnotations } }
    : // A plain cdk8s chart keeps cdk8s semantics: its labels are already on its own objects.
      { namespace: c.namespace, labels: {}, annotations: {} };
  return [{
    name: root.name,
    dir: root.name,
    context: (isStack && c.context) || null,
    namespace: defaults.namespace ?? null,
    labels: isStack ? { ...c.commonLabels } : { ...c.labels },
    annotations: defaults.annotations,
    ...(isStack && c.validation ? { validation: c.validation } : {}),
    ...(isStack && c.capacity ? { capacity: c.capacity } : {}),
    ...(stackDependencies(c).length ? { dependsOn: stackDependencies(c) } : {}),
    objects: applyOrder(defaulted(renderObjects(c, defaults.namespace, problems), defaults, root.name)),
  }];
}

/**
 * The other top-level stacks or charts this one was made to depend on (cdk8s's
 * `chart.addDependency(other)`, on the chart or on a construct inside the other one).
 */
function stackDependencies(chart: IConstruct): string[] {
  const rootOf = (x: IConstruct): IConstruct => {
    let n = x;
    while (n.node.scope?.node.scope) n = n.node.scope;
    return n;
  };
  const names = chart.node.dependencies.map(rootOf).filter((r) => r !== chart && r.node.scope).map((r) => r.node.id);
  return [...new Set(names)].sort();
}

/** Rendered objects with the stack defaults applied. */
function defaulted(rendered: Rendered[], d: StackDefaults, stack: string): SynthObject[] {
  const scopes = customScopes(rendered.map((r) => r.manifest));
  return rendered.map((r) => {
    applyDefaults(r.manifest, d, scopes);
    return { manifest: r.manifest, path: r.path, stack, ...(r.source ? { source: r.source } : {}) };
  });
}

/** The same problem found in several stacks (e.g. every member of a federation) is reported once. */
function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = JSON.stringify([p.severity, p.rule, p.path, p.field, p.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function checkUniqueDirs(stacks: SynthStack[], problems: Problem[]): void {
  const seen = new Set<string>();
  for (const s of stacks) {
    if (seen.has(s.dir)) problems.push({ severity: 'error', rule: 'synth', path: s.dir, message: `two stacks write to '${s.dir}': stack names must be unique` });
    seen.add(s.dir);
  }
}

function summarize(s: SynthStack, files: Map<string, string> | undefined): StackSummary {
  const kinds: Record<string, number> = {};
  for (const o of s.objects) kinds[o.manifest.kind] = (kinds[o.manifest.kind] ?? 0) + 1;
  const sortedKinds: Record<string, number> = {};
  for (const k of Object.keys(kinds).sort()) sortedKinds[k] = kinds[k];
  return {
    name: s.name,
    dir: s.dir,
    context: s.context,
    namespace: s.namespace,
    objects: s.objects.length,
    kinds: sortedKinds,
    files: files ? [...files.keys()] : [],
  };
}
