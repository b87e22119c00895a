import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { check } from '../errors';

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
