// The engine commands' flags and their checks, shared by the single-stack commands
// (cli/commands/engine.ts) and the multi-target runners (cli/federation.ts,
// cli/federation-karmada.ts, cli/all-stacks.ts): each flag's range and the text-to-value
// conversion live here once. The engine takes the checked values.
import { UsageError } from '../engine/errors';
import { parseDuration } from '../engine/track/timeout';

export interface CommonFlags {
  app?: string;
  dir?: string;
  stack?: string;
  context?: string;
  kubeconfig?: string;
  namespace?: string;
  output: 'text' | 'json';
  /** Not on every command (status, history, diff have none): defaults apply. */
  timeout?: string;
  yes?: boolean;
  concurrency?: string;
  waitForLock?: boolean;
}

export interface ApplyFlags extends CommonFlags {
  dryRun?: boolean;
  forceConflicts?: boolean;
  replace?: boolean;
  prune?: boolean;
  pruneProtected?: boolean;
  allowEmpty?: boolean;
  historyMax: string;
  atomic?: boolean;
  wait: boolean;
  failFast: string | boolean;
  adopt?: boolean;
  cascadeForeign?: boolean;
  crashLoopRestarts?: string;
}

/** The ranges of the numeric flags. */
export const LIMITS = {
  concurrency: { min: 1, max: 256 },
  historyMax: { min: 1, max: 1000 },
  crashLoopRestarts: { min: 1, max: 1000 },
} as const;

/** Throws (without the flag's name: commander adds it) unless `v` is a whole number in range. */
export function checkWholeNumber(v: string, range: { min: number; max: number }): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || n < range.min || n > range.max) throw new Error(`must be a whole number from ${range.min} to ${range.max}`);
  return n;
}

/** The value of a numeric flag, or a usage error naming it. */
export function wholeNumberFlag(name: string, v: string | undefined, range: { min: number; max: number }): number {
  try {
    return checkWholeNumber(String(v), range);
  } catch (err) {
    throw new UsageError(`${name} ${(err as Error).message} (got ${v})`);
  }
}

/** `--flag` alone or `--flag=true` is true, `--flag=false` false; anything else a usage error. */
export function parseBool(v: unknown, name: string): boolean {
  if (v === true || v === undefined || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw new UsageError(`${name} takes true or false (got ${String(v)})`);
}

/** The run-wide values every multi-target runner (--federation, --via karmada, --all) takes. */
export interface RunSettings {
  timeoutMs: number;
  concurrency: number;
  failFast: boolean;
  /** Undefined: the engine's default. */
  historyMax?: number;
}

/** Checks --timeout, --concurrency, --fail-fast and --history-max once, with the single-stack defaults. */
export function runSettings(flags: { timeout?: string; concurrency?: string; failFast?: string | boolean; historyMax?: string }): RunSettings {
  let timeoutMs: number;
  try {
    timeoutMs = parseDuration(flags.timeout ?? '5m');
  } catch (err) {
    throw new UsageError(`--timeout: ${(err as Error).message}`);
  }
  return {
    timeoutMs,
    concurrency: wholeNumberFlag('--concurrency', flags.concurrency ?? '16', LIMITS.concurrency),
    failFast: parseBool(flags.failFast, '--fail-fast'),
    historyMax: flags.historyMax === undefined ? undefined : wholeNumberFlag('--history-max', flags.historyMax, LIMITS.historyMax),
  };
}
