import { k8s } from 'cdk8s-plus-34';
import { quantityProblem } from '../storage/quantity';

/**
 * Amounts of compute resources by their Kubernetes names: `cpu`, `memory`,
 * `ephemeral-storage`, `storage`, or extended resources such as `nvidia.com/gpu`.
 */
export type ResourceList = Record<string, string | number>;

/** The first malformed quantity in a list, as [key, problem], or undefined. */
export function resourceListProblem(list: ResourceList): [string, string] | undefined {
  for (const [key, value] of Object.entries(list)) {
    const problem = quantityProblem(value);
    if (problem) return [key, problem];
  }
  return undefined;
}

/**
 * The manifest form of a list (sorted keys, Quantity values): every amount as a string, or with
 * `numbersAsNumbers` a number given as a number stays one (the API accepts both forms).
 */
export function toKubeResourceList(list: ResourceList | undefined, numbersAsNumbers = false): Record<string, k8s.Quantity> | undefined {
  if (!list || Object.keys(list).length === 0) return undefined;
  const out: Record<string, k8s.Quantity> = {};
  for (const key of Object.keys(list).sort()) {
    const value = list[key];
    out[key] = numbersAsNumbers && typeof value === 'number' ? k8s.Quantity.fromNumber(value) : k8s.Quantity.fromString(String(value));
  }
  return out;
}
