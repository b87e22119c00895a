import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { IConstruct } from 'constructs';
import { unmatchedSelectorKeys } from '../labels';

// Selectors that always match their pods, and only their pods. A selector that misses the pod
// template is rejected by the API server; two workloads in one namespace whose selectors overlap
// fight over pods, and every Service or PodDisruptionBudget built on one selector picks the
// other's pods too. Workloads register here so that each can check both at validation time.

const NAME = 'app.kubernetes.io/name';
const STACK = Symbol.for('kapstan.Stack');

interface Entry {
  readonly workload: kplus.Workload;
  readonly namespace: string;
  readonly podLabels: Record<string, string>;
}

interface Index {
  readonly size: number;
  /** Entries by `namespace/app-name` (pods without a name label under `namespace/`). */
  readonly byName: Map<string, Entry[]>;
  readonly byNamespace: Map<string, Entry[]>;
}

const registered = new WeakMap<IConstruct, Set<kplus.Workload>>();
const indexes = new WeakMap<IConstruct, Index>();

/** Registers a selecting workload with its deployment target (its Stack, else its top-level chart). */
export function registerSelectingWorkload(workload: kplus.Workload): void {
  const target = targetOf(workload);
  let set = registered.get(target);
  if (!set) registered.set(target, (set = new Set()));
  set.add(workload);
}

/** Other workloads in the same target and namespace whose pods this workload's selector matches. */
export function overlappingWorkloads(workload: kplus.Workload): kplus.Workload[] {
  const selector = workload.matchLabels;
  if (Object.keys(selector).length === 0) return [];
  const index = indexFor(targetOf(workload));
  const namespace = namespaceOf(workload);
  const entries = selector[NAME] === undefined
    ? index.byNamespace.get(namespace) ?? []
    : index.byName.get(`${namespace}/${selector[NAME]}`) ?? [];
  return entries
    .filter((e) => e.workload !== workload)
    .filter((e) => unmatchedSelectorKeys(selector, e.podLabels).length === 0)
    .map((e) => e.workload);
}

// Built once per target and reused while no workload is added, so checking n workloads stays linear-ish.
function indexFor(target: IConstruct): Index {
  const set = registered.get(target) ?? new Set<kplus.Workload>();
  const cached = indexes.get(target);
  if (cached && cached.size === set.size) return cached;
  const byNamespace = new Map<string, Entry[]>();
  const byName = new Map<string, Entry[]>();
  for (const workload of set) {
    const namespace = namespaceOf(workload);
    const podLabels: Record<string, string> = workload.podMetadata.toJson().labels ?? {};
    const entry = { workload, namespace, podLabels };
    append(byNamespace, namespace, entry);
    append(byName, `${namespace}/${podLabels[NAME] ?? ''}`, entry);
  }
  const index = { size: set.size, byName, byNamespace };
  indexes.set(target, index);
  return index;
}

function append(map: Map<string, Entry[]>, key: string, entry: Entry): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

function targetOf(c: IConstruct): IConstruct {
  const scopes = c.node.scopes;
  const stack = [...scopes].reverse().find((s) => STACK in s);
  return stack ?? scopes[1] ?? scopes[0];
}

function namespaceOf(c: IConstruct & { metadata: { namespace?: string } }): string {
  if (c.metadata.namespace) return c.metadata.namespace;
  for (const scope of [...c.node.scopes].reverse()) {
    if (Chart.isChart(scope) && scope.namespace) return scope.namespace;
  }
  return '';
}

/** Why a workload's selector would not match its own pod template (empty when it does). */
export function selectorProblems(workload: kplus.Workload): string[] {
  const podLabels: Record<string, string> = workload.podMetadata.toJson().labels ?? {};
  const problems = unmatchedSelectorKeys(workload.matchLabels, podLabels).map((key) =>
    `spec.selector.matchLabels.${key} does not match the pod template label (${podLabels[key] ?? 'missing'})`);
  for (const expr of workload.matchExpressions) {
    const value = podLabels[expr.key];
    const ok = expr.operator === 'In' ? value !== undefined && (expr.values ?? []).includes(value)
      : expr.operator === 'NotIn' ? value === undefined || !(expr.values ?? []).includes(value)
        : expr.operator === 'Exists' ? value !== undefined
          : value === undefined;
    if (!ok) problems.push(`spec.selector.matchExpressions ${expr.key} ${expr.operator} does not match the pod template labels`);
  }
  return problems;
}
