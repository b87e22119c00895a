import type { Reporter } from '../context';
import type { AppIndex } from './app-index';
import { objectPath } from '../context';
import type { SynthObject } from '../../synth/types';

/** No two objects of a stack share group, kind, namespace and name (the later ones are reported). */
export function checkDuplicates(index: AppIndex, reporter: Reporter): void {
  const first = new Map<string, SynthObject>();
  for (const obj of index.objects) {
    const m = obj.manifest;
    if (!m || typeof m !== 'object' || typeof m.metadata?.name !== 'string') continue;
    const group = typeof m.apiVersion === 'string' && m.apiVersion.includes('/') ? m.apiVersion.split('/')[0] : '';
    const ns = index.namespace(m);
    const key = [obj.stack, group, m.kind, ns, m.metadata.name].join('\u0000');
    const seen = first.get(key);
    if (!seen) { first.set(key, obj); continue; }
    const where = ns ? ` in namespace "${ns}"` : '';
    reporter.report(obj, 'duplicate-object', ['metadata', 'name'],
      `duplicate ${m.kind} "${m.metadata.name}"${where}: also declared at ${objectPath(seen)}`);
  }
}
