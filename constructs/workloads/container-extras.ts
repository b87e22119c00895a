import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { ExtendedResources } from './extended-resources';
import { toKubeResourceList, type ResourceList } from '../tenancy/resource-list';

/** Exact resource amounts, written as given (`'500m'`, `'2Gi'`, `1`). */
export interface ResourceQuantities {
  readonly requests?: ResourceList;
  readonly limits?: ResourceList;
}

/** What a Kapstan container adds to what kplus renders. */
export interface ContainerExtras {
  readonly extendedResources?: ExtendedResources;
  readonly preStopSleep?: Duration;
  readonly quantities?: ResourceQuantities;
  readonly namedProbePorts?: boolean;
  /** Whether the user chose an imagePullPolicy (kept when the pod omits defaults). */
  readonly pullPolicySet?: boolean;
}

// kplus renders containers itself and has no field for these, so they are kept beside each
// container object and merged into the rendered pod spec.
const byContainer = new WeakMap<kplus.Container, ContainerExtras>();

/** Remembers a container's extras until its pod spec is rendered. */
export function attachContainerExtras(container: kplus.Container, extras: ContainerExtras): void {
  byContainer.set(container, extras);
}

/** Whether the container's own props set an imagePullPolicy. */
export function pullPolicySet(container: kplus.Container | undefined): boolean {
  return !!(container && byContainer.get(container)?.pullPolicySet);
}

/** Merges each container's extras into its rendered spec (`containers[i]` belongs to `rendered[i]`). */
export function mergeContainerExtras(rendered: kplus.k8s.Container[] | undefined, containers: kplus.Container[]): kplus.k8s.Container[] | undefined {
  return rendered?.map((spec, i) => {
    const extras = containers[i] && byContainer.get(containers[i]);
    if (!extras) return spec;
    const sized = extras.quantities ? withQuantities(spec, extras.quantities) : spec;
    const probed = extras.namedProbePorts ? withNamedProbePorts(sized) : sized;
    return withPreStopSleep(withExtendedResources(probed, extras.extendedResources), extras.preStopSleep);
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

// kplus writes memory in Mi and storage in Gi: exact amounts replace what it rendered.
function withQuantities(spec: kplus.k8s.Container, q: ResourceQuantities): kplus.k8s.Container {
  return { ...spec, resources: { requests: toKubeResourceList(q.requests, true), limits: toKubeResourceList(q.limits, true) } };
}

// kplus aims probes at port numbers; a number that belongs to a named container port is written
// as that name, so a renumbered port needs no probe change.
function withNamedProbePorts(spec: kplus.k8s.Container): kplus.k8s.Container {
  const names = new Map((spec.ports ?? []).filter((p) => p.name).map((p) => [p.containerPort, p.name as string]));
  const named = (port: kplus.k8s.IntOrString | undefined): kplus.k8s.IntOrString | undefined => {
    const n = port?.value;
    return typeof n === 'number' && names.has(n) ? kplus.k8s.IntOrString.fromString(names.get(n)!) : port;
  };
  const probe = (p: kplus.k8s.Probe | undefined): kplus.k8s.Probe | undefined => p && ({
    ...p,
    httpGet: p.httpGet && { ...p.httpGet, port: named(p.httpGet.port)! },
    tcpSocket: p.tcpSocket && { ...p.tcpSocket, port: named(p.tcpSocket.port)! },
  });
  return { ...spec, readinessProbe: probe(spec.readinessProbe), livenessProbe: probe(spec.livenessProbe), startupProbe: probe(spec.startupProbe) };
}
