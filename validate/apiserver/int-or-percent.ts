import type { Emit, Segments } from './emit';

/** Parsed IntOrString as rollouts and disruption budgets use it; undefined when unset. */
export function intOrPercent(v: unknown): { value: number; percent: boolean } | 'invalid' | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return Number.isInteger(v) ? { value: v, percent: false } : 'invalid';
  if (typeof v === 'string' && /^[0-9]+%$/.test(v)) return { value: Number(v.slice(0, -1)), percent: true };
  return 'invalid';
}

/** ValidatePositiveIntOrPercent plus IsNotMoreThan100Percent when `max100`. */
export function checkIntOrPercent(v: unknown, at: Segments, emit: Emit, max100: boolean): void {
  const p = intOrPercent(v);
  if (p === undefined) return;
  if (p === 'invalid') return emit(at, `Invalid value: ${JSON.stringify(v)}: must be an integer or percentage (e.g '5%')`);
  if (p.value < 0) emit(at, `Invalid value: ${p.value}: must be greater than or equal to 0`);
  if (max100 && p.percent && p.value > 100) emit(at, `Invalid value: ${JSON.stringify(v)}: must not be greater than 100%`);
}

export const isZero = (v: unknown) => { const p = intOrPercent(v); return p === undefined || (p !== 'invalid' && p.value === 0); };
