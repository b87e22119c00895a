// Apply waves: which member clusters go together, in order. A later wave starts only when every
// cluster of the previous one succeeded (wave 1 is the canary).
import { UsageError } from '../errors';

export interface WaveMember {
  cluster: string;
  /** The wave declared on the member (index.json `federation.wave`, default 1). */
  wave: number;
}

/**
 * Turns `--waves` into ordered groups of cluster names:
 * - undefined / `declared`: the members' declared waves (all 1: everything in parallel);
 * - `parallel`: one wave of every member;
 * - sizes `1,2`: the first cluster, then the next two, then any rest (members in declared order);
 * - names `eu-1,eu-2+us-1`: waves separated by `,`, clusters of one wave joined by `+`; every
 *   member must be named exactly once.
 */
export function planWaves(members: WaveMember[], spec?: string | boolean): string[][] {
  const ordered = [...members].sort((a, b) => a.wave - b.wave);
  const text = typeof spec === 'string' ? spec.trim() : '';
  if (spec === undefined || spec === true || text === '' || text === 'declared') {
    const waves = [...new Set(ordered.map((m) => m.wave))];
    return waves.map((w) => ordered.filter((m) => m.wave === w).map((m) => m.cluster));
  }
  if (text === 'parallel') return [ordered.map((m) => m.cluster)];
  const tokens = text.split(',').map((t) => t.trim());
  if (tokens.some((t) => t === '')) throw new UsageError(`--waves "${text}": empty wave (use e.g. 1,2 or eu-1,eu-2+us-1)`);
  const numeric = tokens.map((t) => /^\d+$/.test(t));
  if (numeric.every(Boolean)) return bySizes(ordered.map((m) => m.cluster), tokens.map(Number), text);
  if (numeric.some(Boolean)) throw new UsageError(`--waves "${text}": use either wave sizes (1,2) or cluster names (eu-1,eu-2+us-1), not both`);
  return byNames(ordered.map((m) => m.cluster), tokens, text);
}

function bySizes(clusters: string[], sizes: number[], text: string): string[][] {
  if (sizes.some((n) => n < 1)) throw new UsageError(`--waves "${text}": wave sizes must be at least 1`);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total > clusters.length) {
    throw new UsageError(`--waves "${text}": ${total} clusters in the waves but the federation has ${clusters.length} (${clusters.join(', ')})`);
  }
  const waves: string[][] = [];
  let at = 0;
  for (const n of sizes) {
    waves.push(clusters.slice(at, at + n));
    at += n;
  }
  if (at < clusters.length) waves.push(clusters.slice(at));
  return waves;
}

function byNames(clusters: string[], tokens: string[], text: string): string[][] {
  const seen = new Set<string>();
  const waves = tokens.map((t) => t.split('+').map((c) => c.trim()));
  for (const c of waves.flat()) {
    if (!clusters.includes(c)) throw new UsageError(`--waves "${text}": "${c}" is not a member (members: ${clusters.join(', ')})`);
    if (seen.has(c)) throw new UsageError(`--waves "${text}": "${c}" is in more than one wave`);
    seen.add(c);
  }
  const missing = clusters.filter((c) => !seen.has(c));
  if (missing.length) throw new UsageError(`--waves "${text}": every member needs a wave; missing ${missing.join(', ')}`);
  return waves;
}
