import type { SchemaExtension } from './json-schema';
import { translateRe2 } from './re2';
import { celValue, compileCelRule, firstLine, type CelRule } from './cel';
import type { SchemaNode } from './types';

/** Something of a CRD's schema that synth does not check: said once, naming the field. */
export interface SchemaNote {
  field: string;
  message: string;
}

/** A compiled CEL rule of one schema node, with its field path relative to the node. */
export interface NodeCelRule {
  rule: string;
  message: string;
  fieldPath: string[];
  evaluate: (self: unknown) => boolean;
}

/** A schema node's rules and the node, so values can be typed as CEL sees them. */
export interface NodeCel {
  node: SchemaNode;
  field: string;
  rules: NodeCelRule[];
}

/** Field path for messages: `spec.rules[].host`. */
export function fieldName(path: string[]): string {
  return path.reduce((s, p) => (p === '[]' ? `${s}[]` : s ? `${s}.${p}` : p), '') || '<root>';
}

/**
 * The keywords a CRD schema adds to plain JSON Schema, as the API server reads them:
 * - `pattern` is RE2: translated (keyword `kapstanPattern`), or skipped with a note;
 * - `x-kubernetes-list-type: set` → unique items; `map` → unique `x-kubernetes-list-map-keys`;
 * - `x-kubernetes-validations` (CEL) → keyword `kapstanCel`, rules it cannot evaluate noted.
 * `cel` receives each node's rules; the keyword carries its index there.
 */
export function crdExtension(notes: SchemaNote[], cel: NodeCel[]): SchemaExtension {
  return (node, out, path) => {
    const field = fieldName(path);
    if (typeof node.pattern === 'string') {
      delete out.pattern;
      const t = translateRe2(node.pattern);
      if (t.ok) out.kapstanPattern = { source: t.source, pattern: node.pattern };
      else notes.push({ field, message: `pattern not checked at synth: ${t.reason}; the API server checks it` });
    }
    const listType = node['x-kubernetes-list-type'];
    if (listType === 'set') out.uniqueItems = true;
    const keys = node['x-kubernetes-list-map-keys'];
    if (listType === 'map' && Array.isArray(keys) && keys.length) out.kapstanMapKeys = keys;
    const validations = node['x-kubernetes-validations'];
    if (Array.isArray(validations) && validations.length) {
      const rules: NodeCelRule[] = [];
      for (const v of validations as CelRule[]) {
        if (!v || typeof v.rule !== 'string') continue;
        let compiled;
        try {
          compiled = compileCelRule(v.rule);
        } catch (e) {
          compiled = { ok: false as const, reason: `not evaluable here (${firstLine((e as Error).message)})` };
        }
        if (!compiled.ok) {
          notes.push({ field, message: `CEL rule \`${v.rule}\` not checked at synth: ${compiled.reason}` });
          continue;
        }
        rules.push({
          rule: v.rule,
          message: typeof v.message === 'string' && v.message ? v.message : `failed rule: ${v.rule}`,
          fieldPath: parseFieldPath(v.fieldPath),
          evaluate: compiled.evaluate,
        });
      }
      if (rules.length) {
        cel.push({ node, field, rules });
        out.kapstanCel = cel.length - 1;
      }
    }
  };
}

/** A rule's `fieldPath` (`.spec.replicas`, `.items['a.b']`) as segments; unknown forms give none. */
function parseFieldPath(fieldPath: string | undefined): string[] {
  if (!fieldPath) return [];
  const out: string[] = [];
  const re = /\.([A-Za-z_$][\w$-]*)|\['([^']*)'\]|\[(\d+)\]/y;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < fieldPath.length && (re.lastIndex = at, (m = re.exec(fieldPath)))) {
    out.push(m[1] ?? m[2] ?? m[3]);
    at = re.lastIndex;
  }
  return at === fieldPath.length ? out : [];
}

/** The value a node's rules see as `self`. */
export function celSelf(value: unknown, node: SchemaNode): unknown {
  return celValue(value, node);
}
