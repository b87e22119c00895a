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

  /** Problems in a stable order: by path, then field, rule and message. */
  sorted(): Problem[] {
    const cmp = (a = '', b = '') => (a < b ? -1 : a > b ? 1 : 0);
    return [...this.problems].sort((a, b) =>
      cmp(a.path, b.path) || cmp(a.field, b.field) || cmp(a.rule, b.rule) || cmp(a.message, b.message));
  }
}

/** The construct path, or `file#document` for an object read from a YAML file. */
export function objectPath(obj: SynthObject): string {
  return obj.source ? `${obj.source.file}#${obj.source.document}` : obj.path;
}
