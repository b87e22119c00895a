import { k8s } from 'cdk8s-plus-34';

// Small shorthands for the low-level `k8s` types the patterns are written on.

export const q = (v: string | number): k8s.Quantity =>
  typeof v === 'number' ? k8s.Quantity.fromNumber(v) : k8s.Quantity.fromString(v);

export const port = (v: string | number): k8s.IntOrString =>
  typeof v === 'number' ? k8s.IntOrString.fromNumber(v) : k8s.IntOrString.fromString(v);

/** Literal environment variables, sorted by name so the manifest does not depend on key order. */
export function envList(env: Record<string, string> | undefined): k8s.EnvVar[] | undefined {
  return env ? Object.keys(env).sort().map((name) => ({ name, value: env[name] })) : undefined;
}

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

function quantities(spec?: ResourceSpec): Record<string, k8s.Quantity> | undefined {
  if (!spec) return undefined;
  const out: Record<string, k8s.Quantity> = {};
  if (spec.cpu) out.cpu = q(spec.cpu);
  if (spec.memory) out.memory = q(spec.memory);
  if (spec.ephemeralStorage) out['ephemeral-storage'] = q(spec.ephemeralStorage);
  for (const [k, v] of Object.entries(spec.extended ?? {})) out[k] = q(v);
  return out;
}

export function resourceRequirements(r: Resources): k8s.ResourceRequirements {
  return { requests: quantities(r.requests), limits: quantities(r.limits) };
}

/** Restricted-profile container security context: non-root, no privilege escalation, no caps. */
export function restrictedContainer(readOnlyRootFilesystem = true): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Prefer (or require) spreading pods matching `selector` across zones and hosts. */
export function spreadAffinity(
  selector: Record<string, string>,
  zones: 'preferred' | 'required',
): k8s.Affinity {
  const zoneTerm: k8s.PodAffinityTerm = {
    labelSelector: { matchLabels: selector },
    topologyKey: 'topology.kubernetes.io/zone',
  };
  const hostTerm: k8s.PodAffinityTerm = {
    labelSelector: { matchLabels: selector },
    topologyKey: 'kubernetes.io/hostname',
  };
  return {
    podAntiAffinity:
      zones === 'required'
        ? {
            requiredDuringSchedulingIgnoredDuringExecution: [zoneTerm],
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: hostTerm }],
          }
        : {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 100, podAffinityTerm: zoneTerm },
              { weight: 50, podAffinityTerm: hostTerm },
            ],
          },
  };
}
