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
