/** Value of `app.kubernetes.io/managed-by` on everything Kapstan synthesizes. */
export const MANAGED_BY = 'kapstan';

/** The recommended `app.kubernetes.io/*` labels, as typed props. */
export interface AppLabels {
  /** app.kubernetes.io/name */
  readonly name: string;
  /** app.kubernetes.io/instance (defaults to the name) */
  readonly instance?: string;
  /** app.kubernetes.io/version */
  readonly version?: string;
  /** app.kubernetes.io/component */
  readonly component?: string;
  /** app.kubernetes.io/part-of */
  readonly partOf?: string;
}

/** All recommended labels for an object, with `managed-by: kapstan`. */
export function recommendedLabels(app: AppLabels): Record<string, string> {
  const labels: Record<string, string> = {
    ...selectorLabels(app),
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
  if (app.version) labels['app.kubernetes.io/version'] = app.version;
  if (app.component) labels['app.kubernetes.io/component'] = app.component;
  if (app.partOf) labels['app.kubernetes.io/part-of'] = app.partOf;
  return labels;
}

/**
 * The stable subset used in selectors. Version is left out on purpose: a selector that
 * includes the version would stop matching pods on the next release (and selectors are immutable).
 */
export function selectorLabels(app: AppLabels): Record<string, string> {
  const labels: Record<string, string> = {
    'app.kubernetes.io/name': app.name,
    'app.kubernetes.io/instance': app.instance ?? app.name,
  };
  if (app.component) labels['app.kubernetes.io/component'] = app.component;
  return labels;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** True when `value` is a valid label value: at most 63 characters of [A-Za-z0-9-_.], alphanumeric at both ends. */
export function isValidLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/**
 * Turns any string (e.g. a construct id such as `WebServer`) into a valid label value:
 * lower-cased, other characters replaced by `-`, trimmed to 63 characters.
 */
export function toLabelValue(text: string): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9-_.]+/g, '-')
    .slice(0, 63)
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return cleaned;
}

/** Label keys in `selector` that `labels` does not carry with the same value. */
export function unmatchedSelectorKeys(selector: Record<string, string>, labels: Record<string, string>): string[] {
  return Object.keys(selector).filter((key) => labels[key] !== selector[key]);
}
