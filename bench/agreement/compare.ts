// Kapstan's verdict on a corpus object and the confusion table against the API server's.
import type { Problem } from '../../synth/types';
import { validateObjects, API_SERVER_RULES } from '../../validate';
import type { CorpusCase } from './corpus';
import type { ServerVerdict } from './oracle';

export interface KapstanVerdict {
  /** An error from a rule that mirrors the API server's validation. */
  rejected: boolean;
  /** Fields of those errors. */
  fields: string[];
  /** Findings of semantic and policy rules: where Kapstan knowingly goes further. */
  further: Problem[];
  problems: Problem[];
}

export function kapstanVerdict(c: CorpusCase): KapstanVerdict {
  const objects = [c.manifest, ...c.context].map((m, i) => ({ manifest: structuredClone(m), path: i === 0 ? c.id : `context/${i}`, stack: 'corpus' }));
  const problems = validateObjects(objects, { importsDir: false }).filter((p) => p.path === c.id);
  const api = problems.filter((p) => p.severity === 'error' && API_SERVER_RULES.has(p.rule));
  return {
    rejected: api.length > 0,
    fields: api.map((p) => p.field ?? ''),
    further: problems.filter((p) => !API_SERVER_RULES.has(p.rule)),
    problems,
  };
}

export interface Row {
  case: CorpusCase;
  server: ServerVerdict;
  kapstan: KapstanVerdict;
}

/** Both name the same field: equal, or one is a parent of the other (`spec.ports[0]` / `spec.ports[0].port`). */
export function sameField(server: string[], kapstan: string[]): boolean {
  if (server.length === 0) return true; // the server named no field (a decoding error): nothing to compare
  // `requests[cpu]` (Go) and `requests.cpu` / `requests["example.com/x"]` (Kapstan) are one field
  const norm = (f: string) => f.replace(/\[("?)([^\]"]*[^\d\]"][^\]"]*)\1\]/g, '.$2').replace(/^\.+/, '').toLowerCase();
  return server.some((s) => kapstan.some((k) => {
    const a = norm(s);
    const b = norm(k);
    return a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`) || b.startsWith(`${a}.`) || b.startsWith(`${a}[`);
  }));
}

export interface Confusion {
  total: number;
  bothRejected: number;
  bothRejectedSameField: number;
  bothAccepted: number;
  missedByKapstan: Row[];
  rejectedByKapstanOnly: Row[];
  /** Accepted by the API server, reported by a semantic or policy rule (by design). */
  furtherFindings: Row[];
  differentField: Row[];
  /** Runtime mistakes (cases naming a rule): how many that rule reported, and those it did not. */
  runtime: { total: number; caught: number; missed: Row[] };
}

export function confusion(rows: Row[]): Confusion {
  const c: Confusion = {
    total: rows.length, bothRejected: 0, bothRejectedSameField: 0, bothAccepted: 0,
    missedByKapstan: [], rejectedByKapstanOnly: [], furtherFindings: [], differentField: [],
    runtime: { total: 0, caught: 0, missed: [] },
  };
  for (const r of rows) {
    if (r.case.rule) {
      c.runtime.total++;
      if (r.kapstan.further.some((p) => p.rule === r.case.rule && p.severity === 'error')) c.runtime.caught++;
      else c.runtime.missed.push(r);
    }
    if (r.server.rejected && r.kapstan.rejected) {
      c.bothRejected++;
      if (sameField(r.server.fields, r.kapstan.fields)) c.bothRejectedSameField++;
      else c.differentField.push(r);
    } else if (r.server.rejected) c.missedByKapstan.push(r);
    else if (r.kapstan.rejected) c.rejectedByKapstanOnly.push(r);
    else {
      c.bothAccepted++;
      if (r.kapstan.further.some((p) => p.severity === 'error')) c.furtherFindings.push(r);
    }
  }
  return c;
}

/** The confusion table and the disagreements, as plain text. */
export function formatConfusion(c: Confusion): string {
  const lines = [
    `corpus: ${c.total} objects`,
    '',
    '|                          | Kapstan rejects | Kapstan accepts |',
    '| ---                      | ---:            | ---:            |',
    `| API server rejects       | ${String(c.bothRejected).padStart(15)} | ${String(c.missedByKapstan.length).padStart(15)} |`,
    `| API server accepts       | ${String(c.rejectedByKapstanOnly.length).padStart(15)} | ${String(c.bothAccepted).padStart(15)} |`,
    '',
    `rejected by both, pointing at the same field: ${c.bothRejectedSameField} of ${c.bothRejected}`,
    `accepted by the API server, an error of a semantic/policy rule (Kapstan goes further on purpose): ${c.furtherFindings.length}`,
    `  of which runtime mistakes reported by their own rule: ${c.runtime.caught} of ${c.runtime.total}`,
  ];
  const list = (title: string, rows: Row[], detail: (r: Row) => string) => {
    if (!rows.length) return;
    lines.push('', `${title}:`);
    for (const r of rows) lines.push(`  ${r.case.id} (${r.case.mistake}): ${detail(r)}`);
  };
  list('missed by Kapstan', c.missedByKapstan, (r) => r.server.message ?? '');
  list('rejected by Kapstan only', c.rejectedByKapstanOnly, (r) =>
    r.kapstan.problems.filter((p) => p.severity === 'error' && API_SERVER_RULES.has(p.rule)).map((p) => `${p.rule} ${p.field}: ${p.message}`).join('; '));
  list('runtime mistakes their rule did not report', c.runtime.missed, (r) => `expected ${r.case.rule}, got ${r.kapstan.further.map((p) => p.rule).join(', ') || 'nothing'}`);
  list('same object, different field', c.differentField, (r) => `server ${r.server.fields.join(', ')} / kapstan ${r.kapstan.fields.join(', ')}`);
  list('semantic/policy findings', c.furtherFindings, (r) =>
    [...new Set(r.kapstan.further.filter((p) => p.severity === 'error').map((p) => p.rule))].join(', '));
  return lines.join('\n');
}
