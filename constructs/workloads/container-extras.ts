import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { ExtendedResources } from './extended-resources';

/** What a Kapstan container adds to what kplus renders. */
export interface ContainerExtras {
  readonly extendedResources?: ExtendedResources;
  readonly preStopSleep?: Duration;
}

// kplus renders containers itself and has no field for these, so they are kept beside each
// container object and merged into the rendered pod spec.
const byContainer = new WeakMap<kplus.Container, ContainerExtras>();

/** Remembers a container's extras until its pod spec is rendered. */
export function attachContainerExtras(container: kplus.Container, extras: ContainerExtras): void {
  if (extras.extendedResources || extras.preStopSleep) byContainer.set(container, extras);
}

/** Merges each container's extras into its rendered spec (`containers[i]` belongs to `rendered[i]`). */
export function mergeContainerExtras(rendered: kplus.k8s.Container[] | undefined, containers: kplus.Container[]): kplus.k8s.Container[] | undefined {
  return rendered?.map((spec, i) => {
    const extras = containers[i] && byContainer.get(containers[i]);
    return extras ? withPreStopSleep(withExtendedResources(spec, extras.extendedResources), extras.preStopSleep) : spec;
  });
}

// Extended resources cannot be overcommitted: Kubernetes wants request == limit, so both are set.
function withExtendedResources(spec: kplus.k8s.Container, resources: ExtendedResources | undefined): kplus.k8s.Container {
  if (!resources || Object.keys(resources).length === 0) return spec;
  const quantities = Object.fromEntries(
    Object.entries(resources).map(([name, count]) => [name, kplus.k8s.Quantity.fromString(String(count))]),
  );
  return {
    ...spec,
    resources: {
      ...spec.resources,
      limits: { ...spec.resources?.limits, ...quantities },
      requests: { ...spec.resources?.requests, ...quantities },
    },
  };
}

function withPreStopSleep(spec: kplus.k8s.Container, sleep: Duration | undefined): kplus.k8s.Container {
  if (!sleep) return spec;
  return { ...spec, lifecycle: { ...spec.lifecycle, preStop: { sleep: { seconds: sleep.toSeconds() } } } };
}
