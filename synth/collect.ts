import type { IConstruct } from 'constructs';
import { isClusterScoped } from './kinds';
import type { Problem } from './types';

// Walking the construct tree without `instanceof`: the app may load its own copy of cdk8s
// (a plain cdk8s app run through `kapstan synth`), so detection uses cdk8s's global symbols.
const API_OBJECT = Symbol.for('cdk8s.ApiObject');
const CHART = Symbol.for('cdk8s.Chart');
const STACK = Symbol.for('kapstan.Stack');
const FEDERATION = Symbol.for('kapstan.Federation');

/** The shape of a cdk8s ApiObject that synthesis relies on. */
export interface ApiObjectLike extends IConstruct {
  readonly kind: string;
  readonly apiVersion: string;
  readonly metadata: { namespace?: string };
  toJson(): any;
}

export type RootKind = 'stack' | 'federation' | 'chart';

/** A top-level deployment unit found in the tree: a Stack, a Federation or a plain cdk8s Chart. */
export interface Root {
  kind: RootKind;
  construct: IConstruct & Record<string, any>;
  name: string;
}

const has = (x: unknown, sym: symbol) => x !== null && typeof x === 'object' && sym in (x as object);
export const isApiObject = (x: unknown): x is ApiObjectLike => has(x, API_OBJECT);

/** Outermost Stacks, Federations and Charts under `app`, in construct order. */
export function findRoots(app: IConstruct): Root[] {
  const roots: Root[] = [];
  const visit = (c: IConstruct) => {
    const kind: RootKind | undefined = has(c, STACK) ? 'stack' : has(c, FEDERATION) ? 'federation' : has(c, CHART) ? 'chart' : undefined;
    if (kind) {
      // Stacks and federations check their names; a plain chart's id may be anything (`MyChart`).
      roots.push({ kind, construct: c as Root['construct'], name: kind === 'chart' ? stackName(c.node.id) : c.node.id });
      return;
    }
    for (const child of c.node.children) visit(child);
  };
  for (const child of app.node.children) visit(child);
  return roots;
}

/** A DNS-label stack name from a chart id: it names a folder and the engine's ApplySet Secret. */
export function stackName(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 63).replace(/-$/, '') || 'chart';
}

/** Runs every construct's own `validate()` (as cdk8s's App.synth does) and returns problems, with the warnings constructs recorded. */
export function validateConstructs(app: IConstruct): Problem[] {
  const problems: Problem[] = [];
  for (const c of app.node.findAll()) {
    for (const message of c.node.validate()) {
      problems.push({ severity: 'error', rule: 'construct', path: c.node.path, message });
    }
    // Warnings a construct recorded while it was built (a Helm chart's left-out test hooks).
    for (const m of c.node.metadata) {
      if (m.type === WARNING_METADATA) problems.push({ severity: 'warning', rule: 'construct', path: c.node.path, message: String(m.data) });
    }
  }
  return problems;
}

/** Node metadata type of a warning a construct records for synth to list (helm/chart.ts). */
const WARNING_METADATA = 'kapstan:warning';

/** A rendered object: its manifest, construct path and, for included YAML, file and document. */
export interface Rendered {
  manifest: Record<string, any>;
  path: string;
  source?: { file: string; document: number };
}

/** Node metadata type under which included YAML records its origin (constructs/escape). */
const SOURCE_METADATA = 'kapstan:source';

/**
 * Renders every ApiObject under `root`. The default namespace is set on the construct's metadata
 * before rendering so that lazy references to it (e.g. a RoleBinding subject) see it too.
 */
export function renderObjects(root: IConstruct, defaultNamespace: string | undefined, problems: Problem[]): Rendered[] {
  const out: Rendered[] = [];
  for (const c of root.node.findAll()) {
    if (c !== root && (has(c, STACK) || has(c, FEDERATION))) {
      // its own context/namespace/labels would silently lose to the outer stack's
      problems.push({ severity: 'error', rule: 'synth', path: c.node.path, message: `a Stack or Federation cannot be nested inside another (${root.node.path})` });
    }
    if (!isApiObject(c)) continue;
    if (defaultNamespace && !c.metadata.namespace && !isClusterScoped(c.apiVersion, c.kind)) {
      (c.metadata as { namespace?: string }).namespace = defaultNamespace;
    }
    try {
      const source = c.node.metadata.find((m) => m.type === SOURCE_METADATA)?.data;
      out.push({ manifest: c.toJson(), path: c.node.path, ...(source ? { source } : {}) });
    } catch (err) {
      problems.push({ severity: 'error', rule: 'render', path: c.node.path, message: errorMessage(err) });
    }
  }
  return out;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
