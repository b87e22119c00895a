// The order `--all` runs stacks in: waves, each holding the stacks whose dependencies
// (`stack.addDependency(other)`, index.json `dependsOn`) are all in earlier waves. Stacks of a
// wave run in parallel; destroy runs the waves in reverse.
import { UsageError } from '../errors';

export interface StackNode {
  name: string;
  dependsOn?: string[];
}

export interface StackWaves {
  waves: string[][];
  /** Dependencies on stacks that exist but were not selected: not waited for (named to the user). */
  unselected: { stack: string; dependsOn: string }[];
}

/**
 * Waves of the selected stacks. `known` names every stack of the app (a dependency on a stack the
 * selector left out is reported, one on a stack that does not exist is an error); a cycle is an
 * error naming it.
 */
export function stackWaves(selected: StackNode[], known: string[]): StackWaves {
  const names = new Set(selected.map((s) => s.name));
  const unselected: StackWaves['unselected'] = [];
  const deps = new Map<string, string[]>();
  for (const s of selected) {
    const own: string[] = [];
    for (const d of s.dependsOn ?? []) {
      if (names.has(d)) own.push(d);
      else if (known.includes(d)) unselected.push({ stack: s.name, dependsOn: d });
      else throw new UsageError(`stack ${s.name}: dependsOn: no stack "${d}" in the app (stacks: ${known.join(', ')})`);
    }
    deps.set(s.name, own);
  }
  const waveOf = new Map<string, number>();
  const visiting: string[] = [];
  const visit = (name: string): number => {
    const done = waveOf.get(name);
    if (done !== undefined) return done;
    const at = visiting.indexOf(name);
    if (at >= 0) throw new UsageError(`stacks depend on each other in a cycle: ${[...visiting.slice(at), name].join(' -> ')}`);
    visiting.push(name);
    const wave = Math.max(0, ...deps.get(name)!.map((d) => visit(d) + 1));
    visiting.pop();
    waveOf.set(name, wave);
    return wave;
  };
  const sorted = [...names].sort();
  for (const n of sorted) visit(n);
  const waves: string[][] = [];
  for (const n of sorted) (waves[waveOf.get(n)!] ??= []).push(n);
  return { waves, unselected };
}
