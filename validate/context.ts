import type { Problem, SynthObject } from '../synth/types';
import type { ValidateOptions } from './options';
import { DEFAULT_SEVERITY } from './rules';
import { fieldPath } from './field-path';

/** Where problems are collected; applies the configured severity per rule. */
export class Reporter {
  readonly problems: Problem[] = [];
  constructor(private readonly options: ValidateOptions = {}) {}

  report(obj: SynthObject, rule: string, field: ReadonlyArray<string | number> | string | undefined, message: string): void {
    const severity = this.options.rules?.[rule] ?? DEFAULT_SEVERITY[rule] ?? 'error';
    if (severity === 'off') return;
    const f = typeof field === 'string' ? field : field && field.length ? fieldPath(field) : undefined;
    this.problems.push({ severity, rule, path: objectPath(obj), ...(f ? { field: f } : {}), message });
  }

  /**
   * Problems grouped by path; within one object they keep the order the checks found them in
   * (schema, duplicates, names, selectors, ports, references, quantities, policies; fields in
   * manifest order), which is deterministic for the same input.
   */
  sorted(): Problem[] {
    return [...this.problems].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}

/**
 * The construct path (it names the stack and the object), followed for an object read from a
 * file by `(file#document)`, so the user finds both the stack and the line to change.
 */
export function objectPath(obj: SynthObject): string {
  return obj.source ? `${obj.path} (${obj.source.file}#${obj.source.document})` : obj.path;
}
