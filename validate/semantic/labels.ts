/** A `metav1.LabelSelector`, or a plain map (Service, ReplicationController selectors). */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

export type Labels = Record<string, string>;

/** True when the selector matches the labels (an empty selector matches everything). */
export function selectorMatches(selector: LabelSelector | undefined, labels: Labels | undefined): boolean {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector?.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of selector?.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In': if (!has || !values.includes(l[e.key])) return false; break;
      case 'NotIn': if (has && values.includes(l[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

export const mapSelector = (m: Labels | undefined): LabelSelector => ({ matchLabels: m ?? {} });

export function isEmptySelector(s: LabelSelector | undefined): boolean {
  return !s || (Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0);
}

/** `{app=web, tier in (a,b)}`: label keys and values are not secret, so they are shown. */
export function formatSelector(s: LabelSelector | undefined): string {
  const parts = Object.entries(s?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of s?.matchExpressions ?? []) {
    if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${e.operator === 'In' ? 'in' : e.operator === 'NotIn' ? 'notin' : e.operator} (${(e.values ?? []).join(',')})`);
  }
  return `{${parts.join(', ')}}`;
}

export const formatLabels = (l: Labels | undefined) => formatSelector(mapSelector(l));

// Labels that controllers put on the pods they create (not in any pod template): a Service may
// select one pod of a StatefulSet by name, e.g. a database primary's `-rw` Service.
const CONTROLLER_LABELS = new Set([
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'controller-revision-hash',
  'pod-template-hash',
]);

/** A Service's selector as a LabelSelector over pod templates (controller-assigned labels left out). */
export function serviceSelector(service: Record<string, any>): LabelSelector {
  const selector = service.spec?.selector;
  const labels = selector && typeof selector === 'object' && !Array.isArray(selector) ? selector : {};
  return { matchLabels: Object.fromEntries(Object.entries(labels).filter(([k]) => !CONTROLLER_LABELS.has(k))) as Labels };
}
