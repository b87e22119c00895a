// Label selectors over stacks (`kapstan apply --all -l team=web`), matched against the labels a
// Stack declares (index.json `labels`), with the syntax of Kubernetes label selectors:
// `k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`, joined by commas (all must hold).
import { UsageError } from '../errors';

export type Requirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'absent' };

const KEY = '[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?';
const VALUE = '([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?';
const SET = new RegExp(`^(${KEY})\\s+(in|notin)\\s+\\(([^)]*)\\)$`);
const EQ = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`);
const EXISTS = new RegExp(`^(!?)\\s*(${KEY})$`);

/** Parses a selector; a malformed one is a usage error naming the flag and the part. */
export function parseSelector(text: string, flag = '--selector'): Requirement[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((raw) => {
    const p = raw.trim();
    let m = SET.exec(p);
    if (m) {
      const values = m[4].split(',').map((v) => v.trim()).filter(Boolean);
      if (!values.length) throw new UsageError(`${flag} "${text}": "${p}" lists no values`);
      return { key: m[1], op: m[3] as 'in' | 'notin', values };
    }
    m = EQ.exec(p);
    if (m) return { key: m[1], op: m[3] === '!=' ? 'notin' : 'in', values: [m[4]] };
    m = EXISTS.exec(p);
    if (m) return { key: m[2], op: m[1] ? 'absent' : 'exists' };
    throw new UsageError(`${flag} "${text}": cannot read "${p}" (expected key=value, key!=value, key, !key, key in (a,b) or key notin (a,b))`);
  });
}

export function matchesSelector(labels: Record<string, string> | undefined, reqs: Requirement[]): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'exists': return has;
      case 'absent': return !has;
      case 'in': return has && r.values.includes(l[r.key]);
      case 'notin': return !has || !r.values.includes(l[r.key]);
    }
  });
}
