import type { Reporter } from '../context';
import type { AppIndex } from './app-index';
import { formatLabels, formatSelector, isEmptySelector, selectorMatches, serviceSelector, type LabelSelector } from './labels';
import { namespaceOf } from './pods';

const isRecord = (v: unknown): v is Record<string, any> => !!v && typeof v === 'object' && !Array.isArray(v);
const nsText = (ns: string) => (ns ? `namespace "${ns}"` : 'the default namespace');

/**
 * Selectors select what they are meant to: a workload's selector matches its own pod template; a
 * Service, PodDisruptionBudget or NetworkPolicy selects at least one pod template of the app.
 */
export function checkSelectors(index: AppIndex, reporter: Reporter): void {
  for (const t of index.templates) {
    if (!t.selector || !t.selectorPath || !isRecord(t.selector)) continue;
    if (isEmptySelector(t.selector)) {
      reporter.report(t.obj, 'selector-match', t.selectorPath, 'selector is empty; it must match the pod template labels');
    } else if (!selectorMatches(t.selector, t.labels)) {
      // at the template labels, where the API server points too
      reporter.report(t.obj, 'selector-match', t.labelsPath,
        `selector ${formatSelector(t.selector)} does not match the pod template labels ${formatLabels(t.labels)}`);
    }
  }
  for (const obj of index.objects) {
    const m = obj.manifest;
    if (!isRecord(m) || !isRecord(m.spec)) continue;
    const ns = namespaceOf(m);
    let selector: LabelSelector | undefined;
    let field: string[] | undefined;
    if (m.kind === 'Service' && m.apiVersion === 'v1' && m.spec.type !== 'ExternalName' && isRecord(m.spec.selector)) {
      selector = serviceSelector(m);
      field = ['spec', 'selector'];
    } else if (m.kind === 'PodDisruptionBudget' && isRecord(m.spec.selector)) {
      selector = m.spec.selector;
      field = ['spec', 'selector'];
    } else if (m.kind === 'NetworkPolicy' && isRecord(m.spec.podSelector)) {
      selector = m.spec.podSelector; // empty selects every pod in the namespace: nothing to check
      field = ['spec', 'podSelector'];
    }
    if (!selector || !field || isEmptySelector(selector)) continue;
    if (index.podsSelectedBy(obj.stack, ns, selector).length === 0) {
      reporter.report(obj, 'service-selector', field, `selector ${formatSelector(selector)} matches no pod template in ${nsText(ns)}`);
    }
  }
}
