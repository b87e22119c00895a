import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { check } from './errors';

/** Extended resources by name, e.g. `{ 'nvidia.com/gpu': 1 }`: whole numbers of devices. */
export type ExtendedResources = Record<string, number>;

// Names Kubernetes reserves for its own resources: extended resources must live in another domain.
const BUILT_IN = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage']);

/** Checks that each extended resource is domain-qualified and a whole positive count. */
export function checkExtendedResources(scope: Construct, resources: ExtendedResources | undefined, field: string): void {
  for (const [name, count] of Object.entries(resources ?? {})) {
    check(!BUILT_IN.has(name), scope, `${field}.${name}`, 'is a built-in resource: set it in `resources`');
    check(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name) && !name.startsWith('kubernetes.io/'),
      scope, `${field}.${name}`, 'must be a domain-qualified name such as nvidia.com/gpu');
    check(Number.isInteger(count) && count > 0, scope, `${field}.${name}`, `must be a whole number > 0 (got ${count})`);
  }
}

// kplus renders containers itself and has no field for extended resources, so they are kept
// beside each container and merged into the rendered pod spec.
const byContainer = new WeakMap<kplus.Container, ExtendedResources>();

/** Remembers the extended resources of a container until the pod spec is rendered. */
export function attachExtendedResources(container: kplus.Container, resources: ExtendedResources | undefined): void {
  if (resources && Object.keys(resources).length > 0) byContainer.set(container, resources);
}

/** Adds each container's extended resources to its rendered `resources` (as request and limit). */
export function mergeExtendedResources(rendered: kplus.k8s.Container[] | undefined, containers: kplus.Container[]): kplus.k8s.Container[] | undefined {
  return rendered?.map((spec, i) => {
    const extra = containers[i] && byContainer.get(containers[i]);
    if (!extra) return spec;
    const quantities = Object.fromEntries(
      Object.entries(extra).map(([name, count]) => [name, kplus.k8s.Quantity.fromString(String(count))]),
    );
    return {
      ...spec,
      resources: {
        ...spec.resources,
        limits: { ...spec.resources?.limits, ...quantities },
        requests: { ...spec.resources?.requests, ...quantities },
      },
    };
  });
}
