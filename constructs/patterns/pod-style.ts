import * as kplus from 'cdk8s-plus-34';
import type { ContainerProps } from '../workloads/container';
import type { ResourceQuantities } from '../workloads/container-extras';
import type { ManifestStyleProps } from '../workloads/manifest-style';
import { WhenUnsatisfiable, type TopologySpread } from '../workloads/scheduling';

// How the patterns' workloads (built on Kapstan's Deployment, StatefulSet, DaemonSet and Job)
// write their pod templates: as the patterns always have, so upgrading Kapstan restarts no pod.

export interface ResourceSpec {
  readonly cpu?: string;
  readonly memory?: string;
  readonly ephemeralStorage?: string;
  /** Extended resources, e.g. `{ 'nvidia.com/gpu': 1 }`. */
  readonly extended?: Record<string, string | number>;
}

export interface Resources {
  readonly requests?: ResourceSpec;
  readonly limits?: ResourceSpec;
}

/** No cdk8s-plus address label, no restated defaults, RuntimeDefault seccomp for the pod. */
export const PATTERN_POD_STYLE: ManifestStyleProps = {
  podAddressLabel: false,
  omitDefaults: true,
  podSeccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
};

/** The restricted-profile container security context (non-root, no escalation, no capabilities). */
export function restrictedContainerProps(readOnlyRootFilesystem = true): kplus.ContainerSecurityContextProps {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem,
    ensureNonRoot: true,
    capabilities: { drop: [kplus.Capability.ALL] },
    seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
  };
}

/**
 * The patterns' zone spread as Kapstan topology constraints: zones (soft or hard) and, always
 * soft, hosts; no matchLabelKeys (the patterns never wrote pod-template-hash).
 */
export function zoneSpreadProps(zones: WhenUnsatisfiable = WhenUnsatisfiable.SCHEDULE_ANYWAY, hosts = true): TopologySpread[] {
  return [
    { topology: kplus.Topology.ZONE, whenUnsatisfiable: zones, matchLabelKeys: [] },
    ...(hosts ? [{ topology: kplus.Topology.HOSTNAME, whenUnsatisfiable: WhenUnsatisfiable.SCHEDULE_ANYWAY, matchLabelKeys: [] }] : []),
  ];
}

/** Literal environment variables, sorted by name so the manifest does not depend on key order. */
export function sortedEnv(env: Record<string, string> | undefined): ContainerProps['env'] {
  return env ? Object.fromEntries(Object.keys(env).sort().map((name) => [name, env[name]])) : undefined;
}

function amounts(spec?: ResourceSpec): Record<string, string | number> | undefined {
  if (!spec) return undefined;
  return {
    ...(spec.cpu ? { cpu: spec.cpu } : {}),
    ...(spec.memory ? { memory: spec.memory } : {}),
    ...(spec.ephemeralStorage ? { 'ephemeral-storage': spec.ephemeralStorage } : {}),
    ...spec.extended,
  };
}

/** The patterns' `resources` prop as exact container quantities. */
export function quantities(r: Resources): ResourceQuantities {
  return { requests: amounts(r.requests), limits: amounts(r.limits) };
}
