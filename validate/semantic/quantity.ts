import { QUANTITY } from '../schema/formats';

/** An exact rational value: numerator / denominator (both BigInt, denominator > 0). */
export interface Exact { n: bigint; d: bigint }

const BINARY: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL: Record<string, number> = { m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/**
 * Parses a Kubernetes quantity (`500m`, `1.5Gi`, `1e3`, `2`, or a number as cdk8s sometimes emits)
 * exactly, without floating point. Returns undefined when it is not a quantity.
 */
export function parseQuantity(q: unknown): Exact | undefined {
  const s = typeof q === 'number' ? (Number.isFinite(q) ? String(q) : '') : typeof q === 'string' ? q.trim() : '';
  if (!QUANTITY.test(s)) return undefined;
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/.exec(s)!;
  const [, sign, whole, frac = '', suffix] = m;
  let n = BigInt((whole || '0') + frac) * (sign === '-' ? -1n : 1n);
  let d = 10n ** BigInt(frac.length);
  let exp10 = 0;
  if (BINARY[suffix]) n *= BINARY[suffix];
  else if (/^[eE][+-]?\d+$/.test(suffix)) exp10 = Number(suffix.slice(1));
  else exp10 = DECIMAL[suffix] ?? 0;
  if (exp10 >= 0) n *= 10n ** BigInt(exp10);
  else d *= 10n ** BigInt(-exp10);
  return { n, d };
}

/** -1, 0 or 1 as a < b, a = b, a > b. */
export function compareExact(a: Exact, b: Exact): number {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}
