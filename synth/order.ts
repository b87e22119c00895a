import { groupFile, groupOf, GROUPS, kindRank } from './kinds';
import type { IndexEntry, SynthObject } from './types';

/** Sort key of an object: apply group, kind order, namespace, name (construct path breaks ties). */
function compare(a: SynthObject, b: SynthObject): number {
  const ma = a.manifest;
  const mb = b.manifest;
  return (
    GROUPS.indexOf(groupOf(ma.kind)) - GROUPS.indexOf(groupOf(mb.kind)) ||
    kindRank(ma.kind) - kindRank(mb.kind) ||
    cmp(ma.kind, mb.kind) ||
    cmp(ma.metadata?.namespace ?? '', mb.metadata?.namespace ?? '') ||
    cmp(ma.metadata?.name ?? '', mb.metadata?.name ?? '') ||
    cmp(ma.apiVersion, mb.apiVersion) ||
    cmp(a.path, b.path)
  );
}

// Plain code-unit comparison: localeCompare would depend on the machine's locale.
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Objects in apply order (a new array). */
export function applyOrder(objects: readonly SynthObject[]): SynthObject[] {
  return [...objects].sort(compare);
}

/** The `index.json` entry of an object. */
export function indexEntry(o: SynthObject): IndexEntry {
  const m = o.manifest;
  const group = groupOf(m.kind);
  return {
    apiVersion: m.apiVersion,
    kind: m.kind,
    name: m.metadata?.name,
    namespace: m.metadata?.namespace ?? null,
    group,
    file: groupFile(group),
    path: o.path,
  };
}

/** Ordered objects split into files: file name -> objects (files in apply order). */
export function splitIntoFiles(ordered: readonly SynthObject[]): Map<string, SynthObject[]> {
  const files = new Map<string, SynthObject[]>();
  for (const o of ordered) {
    const file = groupFile(groupOf(o.manifest.kind));
    let list = files.get(file);
    if (!list) files.set(file, (list = []));
    list.push(o);
  }
  return files;
}
