import * as kplus from 'cdk8s-plus-34';
import { AppLabels, selectorLabels } from '../labels';

/**
 * What a Service, NetworkPolicy or PodDisruptionBudget may select: a cdk8s-plus workload
 * (anything with `toPodSelectorConfig()`, e.g. a Kapstan Deployment), the recommended app
 * labels, or plain labels. Accepting all three lets these constructs pair with workloads
 * from either library.
 */
export type PodSelection = kplus.IPodSelector | { readonly app: AppLabels } | { readonly labels: Record<string, string> };

/** A Kubernetes label selector as it appears in a manifest. */
export interface LabelSelectorSpec {
  readonly matchLabels?: Record<string, string>;
  readonly matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export function isPodSelector(value: unknown): value is kplus.IPodSelector {
  return typeof (value as kplus.IPodSelector)?.toPodSelectorConfig === 'function';
}

/** The label selector for a selection, as a manifest fragment. */
export function toLabelSelector(selection: PodSelection): LabelSelectorSpec {
  if (isPodSelector(selection)) {
    const kube = selection.toPodSelectorConfig().labelSelector._toKube();
    return { matchLabels: kube.matchLabels, matchExpressions: kube.matchExpressions };
  }
  if ('app' in selection) return { matchLabels: selectorLabels(selection.app) };
  return { matchLabels: { ...selection.labels } };
}

/**
 * The equality-only labels of a selection. Services can only select by labels, so a selection
 * that needs expressions is rejected (the caller names the construct and field).
 */
export function toMatchLabels(selection: PodSelection): Record<string, string> | string {
  const selector = toLabelSelector(selection);
  if (selector.matchExpressions?.length) return 'a Service selector cannot use label expressions';
  return { ...selector.matchLabels };
}
