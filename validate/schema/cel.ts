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

/**
 * A manifest value as CEL sees it: fields typed `integer` (and int-or-string numbers, and whole
 * numbers under preserve-unknown-fields) are ints, `number` fields stay doubles.
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
    for (const [k, v] of Object.entries(value)) {
      const child = node?.properties?.[k] ?? (typeof node?.additionalProperties === 'object' ? node.additionalProperties : undefined);
      out[k] = celValue(v, child);
    }
    return out;
  }
  return value;
}
