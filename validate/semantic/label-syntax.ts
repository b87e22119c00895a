import { isDnsSubdomain } from '../../dns-names';
import type { Reporter } from '../context';
import type { AppIndex } from './app-index';

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const KEY_RULE = "an optional DNS-1123 subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
const VALUE_RULE = "empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

/** A qualified name, as label and annotation keys must be: `[prefix/]name`. */
export function isQualifiedName(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  if (prefix !== undefined && !isDnsSubdomain(prefix)) return false;
  return name.length <= 63 && NAME.test(name);
}

export const isLabelValue = (v: string) => v === '' || (v.length <= 63 && NAME.test(v));

type Segments = Array<string | number>;

/** Label keys and values, and annotation keys, are what the API server accepts. */
export function checkLabelSyntax(index: AppIndex, reporter: Reporter): void {
  const check = (obj: Parameters<Reporter['report']>[0], labels: unknown, at: Segments, values: boolean) => {
    if (!labels || typeof labels !== 'object' || Array.isArray(labels)) return;
    for (const [k, v] of Object.entries(labels)) {
      if (!isQualifiedName(k)) reporter.report(obj, 'label-syntax', [...at, k], `key "${k}" is not valid: ${KEY_RULE}`);
      else if (values && typeof v === 'string' && !isLabelValue(v)) reporter.report(obj, 'label-syntax', [...at, k], `value "${v}" is not valid: ${VALUE_RULE}`);
    }
  };
  for (const obj of index.objects) {
    const meta = obj.manifest?.metadata;
    if (!meta || typeof meta !== 'object') continue;
    check(obj, meta.labels, ['metadata', 'labels'], true);
    check(obj, meta.annotations, ['metadata', 'annotations'], false);
  }
  for (const t of index.templates) {
    check(t.obj, t.labels, t.labelsPath, true);
    if (t.selector && t.selectorPath) check(t.obj, t.selector.matchLabels, [...t.selectorPath, 'matchLabels'], true);
  }
}
