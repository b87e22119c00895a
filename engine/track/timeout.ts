import type { KObject } from '../status';

/** Per-object timeout, e.g. `kapstan.io/timeout: 10m`. */
export const TIMEOUT_ANNOTATION = 'kapstan.io/timeout';
/** `kapstan.io/wait: "false"` — do not wait for this object (e.g. an Ingress without a controller). */
export const WAIT_ANNOTATION = 'kapstan.io/wait';

export const DEFAULT_TIMEOUT_MS = 5 * 60_000;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "90s", "10m", "1h30m", "500ms", or a bare number of seconds → milliseconds. */
export function parseDuration(text: string): number {
  const value = text.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value) {
    throw new Error(`invalid duration "${text}": use e.g. 90s, 10m, 1h30m`);
  }
  return Math.round(parts.reduce((ms, p) => ms + Number(p[1]) * UNITS[p[2]], 0));
}

/** The timeout the object asks for by annotation, if it carries a valid one. */
export function annotatedTimeout(obj: KObject | undefined): number | undefined {
  const text = obj?.metadata?.annotations?.[TIMEOUT_ANNOTATION];
  if (!text) return undefined;
  try {
    return parseDuration(text);
  } catch {
    return undefined;
  }
}

export function waitDisabled(obj: KObject | undefined): boolean {
  return obj?.metadata?.annotations?.[WAIT_ANNOTATION] === 'false';
}

/** 300000 → "5m", 90000 → "1m30s", 1500 → "1.5s". */
export function formatMs(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 100) / 10}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds ? `${minutes}m${seconds}s` : `${minutes}m`;
}
