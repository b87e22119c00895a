// A CronJob schedule as the API server parses it: robfig/cron's standard parser (five fields or a
// descriptor such as @daily or @every 1h). Hand-written because the npm cron parsers accept other
// grammars (seconds fields, L/W/#, year fields) that the API server refuses.
const FIELDS: Array<{ min: number; max: number; names?: string[] }> = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];
const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const FIELD_NAMES = ['minute', 'hour', 'day of month', 'month', 'day of week'];

function value(s: string, f: (typeof FIELDS)[number]): number | string {
  const named = f.names?.indexOf(s.toLowerCase()) ?? -1;
  if (named >= 0) return named + f.min;
  if (!/^\d+$/.test(s)) return `failed to parse int from ${s}`;
  return Number(s);
}

function checkField(expr: string, f: (typeof FIELDS)[number]): string | undefined {
  for (const part of expr.split(',')) {
    const [range, step, extra] = part.split('/');
    if (extra !== undefined) return `too many slashes: ${part}`;
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') { lo = f.min; hi = f.max; } else {
      const [a, b, more] = range.split('-');
      if (more !== undefined) return `too many hyphens: ${range}`;
      const va = value(a, f);
      if (typeof va === 'string') return va;
      lo = va;
      hi = va;
      if (b !== undefined) {
        const vb = value(b, f);
        if (typeof vb === 'string') return vb;
        hi = vb;
      }
    }
    if (step !== undefined) {
      if (!/^\d+$/.test(step)) return `failed to parse int from ${step}`;
      if (Number(step) === 0) return `step of range should be a positive number: ${part}`;
    }
    if (lo < f.min) return `beginning of range (${lo}) below minimum (${f.min}): ${part}`;
    if (hi > f.max) return `end of range (${hi}) above maximum (${f.max}): ${part}`;
    if (lo > hi) return `beginning of range (${lo}) beyond end of range (${hi}): ${part}`;
  }
  return undefined;
}

/** Why the schedule is refused, or undefined when the API server accepts it. */
export function scheduleError(schedule: string): string | undefined {
  const s = schedule.trim();
  if (s === '') return 'empty spec string';
  if (s.includes('TZ')) return 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead';
  if (s.startsWith('@')) {
    if (DESCRIPTORS.has(s)) return undefined;
    if (s.startsWith('@every ')) return /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(s.slice(7).trim()) ? undefined : `failed to parse duration ${s}`;
    return `unrecognized descriptor: ${s}`;
  }
  const fields = s.split(/\s+/);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: ${s}`;
  for (let i = 0; i < 5; i++) {
    const err = checkField(fields[i], FIELDS[i]);
    if (err) return `${FIELD_NAMES[i]}: ${err}`;
  }
  return undefined;
}

/** Whether the IANA time zone database (as Go embeds it) knows the name. */
export function isTimeZone(name: string): boolean {
  if (name.toLowerCase() === 'local') return false;
  if (name.split('/').some((p) => p === '.' || p === '..' || p.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(p))) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
