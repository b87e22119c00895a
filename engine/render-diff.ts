// A unified YAML diff per object, coloured in a TTY.
import { createTwoFilesPatch } from 'diff';
import picocolors from 'picocolors';
import { stringify } from 'yaml';
import { maskSecretPair } from './mask';
import { stripNoise } from './noise';
import { jsonEqual } from './noop';

const COLORS = picocolors.createColors(true);

export function toYaml(obj: any): string {
  return obj ? stringify(obj, { lineWidth: 0, sortMapEntries: false }) : '';
}

/** The diff text for one object; `before`/`after` undefined means created/deleted. Secrets masked. */
export function objectDiff(label: string, before: any, after: any, color: boolean): string {
  const [b, a] = maskSecretPair(stripNoise(before), stripNoise(after));
  const patch = createTwoFilesPatch(`live/${label}`, `desired/${label}`, toYaml(b), toYaml(a), '', '', { context: 3 });
  const lines = patch.split('\n').filter((l) => !l.startsWith('====') && l !== '\\ No newline at end of file');
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (!color) return lines.join('\n');
  // The caller decided (TTY, NO_COLOR); picocolors' own detection would look at the wrong stream.
  const pc = COLORS;
  return lines.map((l) => {
    if (l.startsWith('+++') || l.startsWith('---')) return pc.bold(l);
    if (l.startsWith('+')) return pc.green(l);
    if (l.startsWith('-')) return pc.red(l);
    if (l.startsWith('@@')) return pc.cyan(l);
    return l;
  }).join('\n');
}

/** True when the two objects differ once noise is stripped. */
export function differs(before: any, after: any): boolean {
  return !jsonEqual(stripNoise(before), stripNoise(after));
}
