import type { Environment } from '@marcbachmann/cel-js';
import type { SchemaNode } from './types';

/**
 * CRD `x-kubernetes-validations` rules evaluated at synth with @marcbachmann/cel-js (standard CEL:
 * macros, has(), size(), string functions, optional types). What it cannot decide is left to the
 * API server and said once: transition rules (oldSelf: only an update has an old object), the
 * Kubernetes extension libraries it lacks (quantity(), format, ip(), cidr(), url()…), and rules
 * that fail at run time (a missing field without has(), a type the schema does not fix).
 */
export interface CelRule {
  rule: string;
  message?: string;
  fieldPath?: string;
}

export type CelCheck = { ok: true; evaluate: (self: unknown) => boolean } | { ok: false; reason: string };

let env: Environment | undefined;

function celEnvironment(): Environment {
  // Loaded on the first CEL rule only: most apps have none, and synth start-up time matters.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Environment: CelEnvironment } = require('@marcbachmann/cel-js') as typeof import('@marcbachmann/cel-js');
  env ??= new CelEnvironment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false })
    .registerVariable('self', 'dyn')
    // Kubernetes' strings library has replace(); the standard one does not.
    .registerFunction('string.replace(string, string): string', (s: string, from: string, to: string) => s.split(from).join(to))
    .registerFunction('isURL(string): bool', (s: string) => { try { return Boolean(new URL(s).protocol); } catch { return false; } });
  return env;
}

/** Compiles one rule, or says why it is left to the API server. */
export function compileCelRule(rule: string): CelCheck {
  if (/\boldSelf\b/.test(rule)) return { ok: false, reason: 'a transition rule (oldSelf): the API server checks it on update' };
  const e = celEnvironment();
  const checked = e.check(rule) as { valid: boolean; error?: Error };
  if (!checked.valid) return { ok: false, reason: `not evaluable here (${firstLine(checked.error?.message ?? 'invalid')})` };
  const program = e.parse(rule);
  return {
    ok: true,
    evaluate: (self: unknown) => {
      const result = program({ self });
      if (typeof result !== 'boolean') throw new Error(`the rule gave a ${typeof result}, not a bool`);
      return result;
    },
  };
}

export function firstLine(text: string): string {
  return text.split('\n')[0];
}

// CEL keywords a property name is escaped from (`__namespace__`), as the API server does.
const RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function',
  'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

/** A schema property's name as a CEL rule reads it: `x-y` → `x__dash__y`, `namespace` → `__namespace__`. */
export function celFieldName(name: string): string {
  if (RESERVED.has(name)) return `__${name}__`;
  return name.replace(/__/g, '__underscores__').replace(/\./g, '__dot__').replace(/-/g, '__dash__').replace(/\//g, '__slash__');
}

/**
 * A manifest value as CEL sees it, as the API server builds it: schema defaults filled in, fields
 * typed `integer` (and int-or-string numbers, and whole numbers under preserve-unknown-fields)
 * as ints, `number` fields as doubles, declared property names escaped (map keys are not).
 */
export function celValue(value: unknown, node: SchemaNode | undefined): unknown {
  if (typeof value === 'number') {
    if (node?.type === 'number') return value;
    if (Number.isInteger(value) && (node?.type === 'integer' || node?.['x-kubernetes-int-or-string'] || !node?.type)) return BigInt(value);
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => celValue(v, node?.items));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const props = node?.properties ?? {};
    const map = typeof node?.additionalProperties === 'object' ? node.additionalProperties : undefined;
    for (const [k, v] of Object.entries(value)) {
      const declared = props[k];
      out[declared ? celFieldName(k) : k] = celValue(v, declared ?? map);
    }
    for (const [k, child] of Object.entries(props)) {
      if (child.default !== undefined && !(k in (value as object))) out[celFieldName(k)] = celValue(child.default, child);
    }
    return out;
  }
  return value;
}
