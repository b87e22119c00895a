// bench/RESULTS.md is shared by several benchmarks: each rewrites only its own marked section.
import * as fs from 'node:fs';
import * as path from 'node:path';

const FILE = path.join(__dirname, 'RESULTS.md');

/** Marker comments around a benchmark's section, e.g. `<!-- engine:begin -->`. */
export function sectionMarkers(name: string): { begin: string; end: string } {
  return { begin: `<!-- ${name}:begin -->`, end: `<!-- ${name}:end -->` };
}

/** Replaces the section `name` (its lines between the markers, markers included) or appends it. */
export function writeResultsSection(name: string, lines: string[]): void {
  const { begin, end } = sectionMarkers(name);
  const section = [begin, ...lines, end].join('\n');
  const old = fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8') : '# Benchmarks\n';
  const i = old.indexOf(begin);
  const j = old.indexOf(end);
  const next = i >= 0 && j > i ? old.slice(0, i) + section + old.slice(j + end.length) : `${old.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(FILE, next);
  console.log(`updated the ${name} section of bench/RESULTS.md`);
}
