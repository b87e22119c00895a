import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { EnvInput, ConfigMapRef, SecretRef, isValidEnvName, resolveConfigMap, resolveSecret, toEnvValue } from './env';
import { WorkloadPropError, check } from '../errors';
import { attachContainerExtras, type ResourceQuantities } from './container-extras';
import { resourceListProblem } from '../tenancy/resource-list';
import { ExtendedResources, checkExtendedResources } from './extended-resources';
import { isDnsLabel } from '../../dns-names';

/**
 * A container: everything kplus' `ContainerProps` offers (image, command/args, ports, probes,
 * lifecycle hooks, resources, mounts, securityContext) plus the conveniences below.
 */
export interface ContainerProps extends kplus.ContainerProps {
  /**
   * Environment variables by name: a literal string, `{ configMap, key }`, `{ secret, key }`,
   * `{ fieldPath }` or a kplus `EnvValue`. Merged with `envVariables`.
   */
  readonly env?: Record<string, EnvInput>;
  /** ConfigMaps (objects or names) whose every key becomes an environment variable. */
  readonly envFromConfigMaps?: ConfigMapRef[];
  /** Secrets (objects or names) whose every key becomes an environment variable. */
  readonly envFromSecrets?: SecretRef[];
  /**
   * Extended resources such as `{ 'nvidia.com/gpu': 1 }`. Kubernetes does not overcommit them, so
   * each is written as both the request and the limit.
   */
  readonly extendedResources?: ExtendedResources;
  /**
   * Sleep this long before the container is stopped, so that endpoints and load balancers stop
   * sending traffic first. Uses the kubelet's sleep action: no shell needed in the image.
   * Cannot be combined with `lifecycle.preStop`.
   */
  readonly preStopSleep?: Duration;
  /**
   * Exact resource amounts by Kubernetes name, written as given (`{ requests: { cpu: '100m',
   * memory: '1Gi' }, limits: {...} }`); cdk8s-plus' `resources` writes memory in Mi. Replaces
   * `resources`: give one or the other.
   */
  readonly quantities?: ResourceQuantities;
  /**
   * Write probe ports that belong to a named container port by name (`port: http`) rather than
   * number. @default false
   */
  readonly namedProbePorts?: boolean;
}

// IANA service name, the rule for port names.
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The restricted Pod Security Standard's container settings, on top of kplus' own defaults
 * (non-root, no privilege escalation, read-only root filesystem). Any field the user sets wins.
 */
export function secureContainerDefaults(user?: kplus.ContainerSecurityContextProps): kplus.ContainerSecurityContextProps {
  return {
    capabilities: { drop: [kplus.Capability.ALL] },
    seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
    ...user,
  };
}

/**
 * Validates a Kapstan container and converts it to kplus props (names resolved to references,
 * secure defaults applied). `field` is where the container sits, e.g. `containers[0]`.
 */
export function toKplusContainerProps(scope: Construct, props: ContainerProps, field: string): kplus.ContainerProps {
  const image = props.image ?? '';
  check(image.trim().length > 0, scope, `${field}.image`, 'must not be empty');
  check(!/\s/.test(image), scope, `${field}.image`, `must not contain whitespace (got "${image}")`);
  if (props.name !== undefined) {
    check(isDnsLabel(props.name), scope, `${field}.name`,
      `must be a DNS-1123 label (lower-case letters, digits, '-'; got "${props.name}")`);
  }
  checkPorts(scope, props, field);
  checkExtendedResources(scope, props.extendedResources, `${field}.extendedResources`);
  if (props.quantities) {
    check(props.resources === undefined, scope, `${field}.quantities`, 'give resources or quantities, not both');
    for (const kind of ['requests', 'limits'] as const) {
      const problem = resourceListProblem(props.quantities[kind] ?? {});
      if (problem) check(false, scope, `${field}.quantities.${kind}.${problem[0]}`, problem[1]);
    }
  }
  if (props.preStopSleep !== undefined) {
    check(props.lifecycle?.preStop === undefined, scope, `${field}.preStopSleep`, 'cannot be combined with lifecycle.preStop');
    const seconds = props.preStopSleep.toSeconds({ integral: false });
    check(Number.isInteger(seconds) && seconds >= 1, scope, `${field}.preStopSleep`, `must be a whole number of seconds >= 1 (got ${seconds}s)`);
  }

  const envVariables: Record<string, kplus.EnvValue> = { ...props.envVariables };
  for (const [name, input] of Object.entries(props.env ?? {})) {
    check(isValidEnvName(name), scope, `${field}.env.${name}`, 'is not a valid environment variable name');
    check(!(name in envVariables), scope, `${field}.env.${name}`, 'is also set in envVariables');
    envVariables[name] = toEnvValue(scope, input);
  }
  const envFrom = [
    ...(props.envFrom ?? []),
    ...(props.envFromConfigMaps ?? []).map((cm) => kplus.Env.fromConfigMap(resolveConfigMap(scope, cm))),
    ...(props.envFromSecrets ?? []).map((s) => kplus.Env.fromSecret(resolveSecret(scope, s))),
  ];

  const { env: _env, envFromConfigMaps: _cms, envFromSecrets: _secrets, extendedResources: _ext, preStopSleep: _sleep, quantities: _q, namedProbePorts: _named, ...rest } = props;
  return {
    ...rest,
    envVariables,
    envFrom,
    securityContext: secureContainerDefaults(props.securityContext),
  };
}

function checkPorts(scope: Construct, props: ContainerProps, field: string): void {
  const numbers = [props.port, props.portNumber, ...(props.ports ?? []).map((p) => p.number)];
  numbers.forEach((n) => {
    if (n === undefined) return;
    check(Number.isInteger(n) && n >= 1 && n <= 65535, scope, `${field}.ports`, `must be between 1 and 65535 (got ${n})`);
  });
  const names = new Set<string>();
  for (const port of props.ports ?? []) {
    if (port.name === undefined) continue;
    check(PORT_NAME.test(port.name) && port.name.length <= 15, scope, `${field}.ports`,
      `name "${port.name}" must be at most 15 lower-case letters, digits or '-', with at least one letter`);
    check(!names.has(port.name), scope, `${field}.ports`, `name "${port.name}" is used twice`);
    names.add(port.name);
  }
}

/** Validates and adds a Kapstan container through kplus' own `add` function. */
export function addKapstanContainer(
  owner: kplus.AbstractPod,
  props: ContainerProps,
  field: string,
  add: (p: kplus.ContainerProps) => kplus.Container,
): kplus.Container {
  const converted = toKplusContainerProps(owner, props, field);
  let container: kplus.Container;
  try {
    container = add(converted);
  } catch (e) {
    if (e instanceof WorkloadPropError) throw e;
    throw new WorkloadPropError(owner, field, (e as Error).message);
  }
  attachContainerExtras(container, {
    extendedResources: props.extendedResources,
    preStopSleep: props.preStopSleep,
    quantities: props.quantities,
    namedProbePorts: props.namedProbePorts,
    pullPolicySet: props.imagePullPolicy !== undefined,
  });
  defaultProbePortToFirstPort(container);
  return container;
}

// kplus aims probes and hooks without a port at `portNumber`, else at port 80. A container that
// lists `ports` but sets no `portNumber` would be probed on 80: use its first declared port instead.
function defaultProbePortToFirstPort(container: kplus.Container): void {
  if (container.portNumber !== undefined || container.ports.length === 0) return;
  Object.defineProperty(container, 'portNumber', { value: container.ports[0].number });
}
