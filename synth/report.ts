import type { Problem, SynthResult } from './types';

/** One line per problem: severity, construct path, field, message and rule. */
export function formatProblems(problems: readonly Problem[]): string[] {
  return problems.map((p) => {
    const where = p.field ? `${p.path} ${p.field}` : p.path;
    return `${p.severity === 'error' ? 'error  ' : 'warning'} ${where}: ${p.message} [${p.rule}]`;
  });
}

/** The summary printed after synthesis: stacks, objects per kind, time. */
export function formatSummary(result: SynthResult, totalMs = result.durationMs): string[] {
  const errors = result.problems.filter((p) => p.severity === 'error').length;
  const warnings = result.problems.length - errors;
  const objects = result.stacks.reduce((n, s) => n + s.objects, 0);
  const time = `${(totalMs / 1000).toFixed(2)}s`;
  const counts = [errors && plural(errors, 'error'), warnings && plural(warnings, 'warning')].filter(Boolean).join(', ');
  const lines: string[] = [];
  if (!result.ok) {
    lines.push(`Synthesis failed with ${counts} in ${time}; nothing was written to ${result.outdir}.`);
    return lines;
  }
  lines.push(`Synthesized ${plural(result.stacks.length, 'stack')}, ${plural(objects, 'object')} in ${time} to ${result.outdir}${counts ? ` (${counts})` : ''}`);
  for (const s of result.stacks) {
    const where = [s.context && `context ${s.context}`, s.namespace && `namespace ${s.namespace}`].filter(Boolean).join(', ');
    const kinds = Object.entries(s.kinds).map(([k, n]) => `${k} ${n}`).join(', ');
    lines.push(`  ${s.dir}${where ? ` (${where})` : ''}: ${plural(s.objects, 'object')}${kinds ? ` - ${kinds}` : ''}`);
  }
  return lines;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
