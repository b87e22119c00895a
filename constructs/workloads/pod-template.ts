import * as kplus from 'cdk8s-plus-34';
import { AppLabels, isValidLabelValue, recommendedLabels, selectorLabels, toLabelValue } from '../labels';
import { ContainerProps } from './container';
import { SecretRef, resolveSecret } from './env';
import { WorkloadPropError, check } from '../errors';
import { mergeContainerExtras, pullPolicySet } from './container-extras';
import { withExactSizeLimits } from './volumes';
import { ManifestStyleProps, dropPodAddressLabel, withPodSeccomp, withoutDefaults } from './manifest-style';
import { overlappingWorkloads, registerSelectingWorkload, selectorProblems } from './selector-checks';
import { SchedulingProps, applyKplusScheduling, priorityClassName, topologySpreadConstraints } from './scheduling';
import { isDnsSubdomain } from '../../dns-names';

/** The recommended `app.kubernetes.io/*` labels of a workload; every field is optional here. */
export interface WorkloadAppLabels extends Partial<AppLabels> {}

/** Props every Kapstan pod-owning construct takes, on top of its kplus props. */
export interface PodTemplateProps extends SchedulingProps, ManifestStyleProps {
  /**
   * Recommended labels for the object and its pods. `name` defaults to the construct id (lower-cased)
   * and `instance` to the name. The selector uses name, instance and component; validation fails if
   * it would also match another workload's pods in the same namespace.
   */
  readonly app?: WorkloadAppLabels;
  /** The containers of each pod. At least one is needed (here or through `addContainer`). */
  readonly containers?: ContainerProps[];
  /** Containers that run to completion before the main ones start (or sidecars, with restartPolicy Always). */
  readonly initContainers?: ContainerProps[];
  /** Secrets (objects or names) of type `kubernetes.io/dockerconfigjson` to pull images from a private registry. */
  readonly imagePullSecrets?: SecretRef[];
  /**
   * The pods' ServiceAccount: a kplus `IServiceAccount` or the name of one. Its token is only
   * mounted when `automountServiceAccountToken` is true. @default - the namespace's `default` account
   */
  readonly serviceAccount?: kplus.IServiceAccount | string;
  /** The RuntimeClass to run the pods with, e.g. `nvidia` for GPU nodes or `gvisor` for sandboxing. */
  readonly runtimeClassName?: string;
}

/** kplus props that Kapstan replaces with its own (containers with more options, its own selector and spread). */
export type ReplacedKplusProps = 'containers' | 'initContainers' | 'select' | 'spread' | 'serviceAccount';

/** The props to hand to the kplus base class: Kapstan selects and spreads itself; a named account is rendered later. */
export function kplusPodProps<P extends PodTemplateProps>(props: P): Omit<P, 'serviceAccount'> & { serviceAccount?: kplus.IServiceAccount } {
  return { ...props, serviceAccount: typeof props.serviceAccount === 'string' ? undefined : props.serviceAccount };
}

/** The pod-owning kplus constructs Kapstan builds on. */
export type PodOwner = kplus.AbstractPod & { readonly scheduling: kplus.PodScheduling };

/** What a construct keeps after `initPodTemplate`, to finish the pod spec at synth time. */
export interface PodTemplateState {
  /** All recommended labels (object and pods). */
  readonly labels: Record<string, string>;
  /** The labels the selector uses; a subset of `labels`. */
  readonly selector: Record<string, string>;
  readonly props: PodTemplateProps;
  readonly pullSecrets: kplus.ISecret[];
}

/**
 * Resolves the recommended labels, filling `name` from the construct id. `instance` keeps the
 * shared default (the name), so `{ app: { name } }` selects the same pods everywhere in Kapstan.
 */
export function resolveAppLabels(owner: PodOwner, id: string, app: WorkloadAppLabels = {}): AppLabels {
  const resolved: AppLabels = {
    ...app,
    name: app.name ?? toLabelValue(id),
  };
  for (const [field, value] of Object.entries(resolved)) {
    if (value === undefined) continue;
    check(typeof value === 'string' && value.length > 0 && isValidLabelValue(value), owner, `app.${field}`,
      `must be a valid label value: at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric (got "${value}")`);
  }
  return resolved;
}

/**
 * Labels the object and its pods, selects the pods by their stable labels, applies the scheduling
 * props and registers the validation that the selector matches the pod template.
 */
export function initPodTemplate(owner: PodOwner, id: string, props: PodTemplateProps): PodTemplateState {
  const app = resolveAppLabels(owner, id, props.app);
  const labels = recommendedLabels(app);
  const selector = selectorLabels(app);
  for (const [key, value] of Object.entries(labels)) {
    owner.metadata.addLabel(key, value);
    owner.podMetadata.addLabel(key, value);
  }
  const selects = owner instanceof kplus.Workload && !(owner instanceof kplus.Job) && !(owner instanceof kplus.CronJob);
  if (selects) {
    (owner as kplus.Workload).select(kplus.LabelSelector.of({ labels: selector }));
    registerSelectingWorkload(owner as kplus.Workload);
  }
  applyKplusScheduling(owner, props);
  if (props.podAddressLabel === false) {
    check(!(owner instanceof kplus.Pod), owner, 'podAddressLabel', 'a Pod is not a template: its address label is its own');
    dropPodAddressLabel(owner);
  }
  const pullSecrets = (props.imagePullSecrets ?? []).map((s) => resolveSecret(owner, s));
  if (typeof props.serviceAccount === 'string') {
    check(isDnsSubdomain(props.serviceAccount), owner,
      'serviceAccount', `must be a DNS-1123 name (got "${props.serviceAccount}")`);
  }

  if (props.runtimeClassName !== undefined) {
    check(isDnsSubdomain(props.runtimeClassName), owner,
      'runtimeClassName', `must be a DNS-1123 name (got "${props.runtimeClassName}")`);
  }

  // Messages leave out the construct path: whoever runs validation (cdk8s, kapstan synth) adds it.
  owner.node.addValidation({
    validate: () => {
      const errors: string[] = [];
      if (owner.containers.length === 0) errors.push('containers must have at least one container');
      if (selects) {
        errors.push(...selectorProblems(owner as kplus.Workload));
        errors.push(...overlappingWorkloads(owner as kplus.Workload).map((other) =>
          `spec.selector also matches the pods of ${other.node.path}; give one of them a different app.name, app.instance or app.component`));
      }
      return errors;
    },
  });
  return { labels, selector, props, pullSecrets };
}

/** Finishes a kplus-rendered pod spec with what kplus cannot express. */
export function finishPodSpec(owner: PodOwner, state: PodTemplateState, render: () => kplus.k8s.PodSpec): kplus.k8s.PodSpec {
  let spec: kplus.k8s.PodSpec;
  try {
    spec = render();
  } catch (e) {
    throw new WorkloadPropError(owner, 'spec.template.spec', (e as Error).message);
  }
  const pullSecrets = [...(spec.imagePullSecrets ?? []).map((s) => s.name ?? ''), ...state.pullSecrets.map((s) => s.name)];
  const uniquePullSecrets = [...new Set(pullSecrets)].filter((n) => n.length > 0);
  const finished: kplus.k8s.PodSpec = {
    ...spec,
    serviceAccountName: spec.serviceAccountName ?? (typeof state.props.serviceAccount === 'string' ? state.props.serviceAccount : undefined),
    containers: mergeContainerExtras(spec.containers, owner.containers) ?? [],
    initContainers: mergeContainerExtras(spec.initContainers, owner.initContainers),
    nodeSelector: state.props.nodeSelector && Object.keys(state.props.nodeSelector).length > 0 ? { ...state.props.nodeSelector } : undefined,
    // pod-template-hash is the label a Deployment gives each ReplicaSet's pods
    // Each constraint selects the workload's own pods: its whole selector (select() may add to it).
    topologySpreadConstraints: topologySpreadConstraints(state.props, ownSelector(owner, state),
      owner instanceof kplus.Deployment ? ['pod-template-hash'] : undefined),
    priorityClassName: priorityClassName(state.props),
    runtimeClassName: state.props.runtimeClassName,
    imagePullSecrets: uniquePullSecrets.length > 0 ? uniquePullSecrets.map((name) => ({ name })) : undefined,
  };
  const secured = withPodSeccomp(withExactSizeLimits(finished, owner), state.props.podSeccompProfile);
  if (!state.props.omitDefaults) return secured;
  const isJob = owner instanceof kplus.Job || owner instanceof kplus.CronJob;
  const gracePeriodSet = (state.props as { terminationGracePeriod?: unknown }).terminationGracePeriod !== undefined;
  return withoutDefaults(secured, { isJob, gracePeriodSet }, (c, init) => pullPolicySet((init ? owner.initContainers : owner.containers).find((x) => x.name === c.name)));
}

function ownSelector(owner: PodOwner, state: PodTemplateState): Record<string, string> {
  const selecting = owner instanceof kplus.Workload && !(owner instanceof kplus.Job) && !(owner instanceof kplus.CronJob);
  return selecting ? { ...state.selector, ...(owner as kplus.Workload).matchLabels } : state.selector;
}

/**
 * What selects this workload's pods (Services, NetworkPolicies, affinities given the workload).
 * cdk8s-plus selects by the pod address label; without it (`podAddressLabel: false`) the pods
 * are selected by the workload's own labels. `state` is unset while the kplus constructor runs.
 */
export function podSelectorConfig(owner: PodOwner, state: PodTemplateState | undefined, base: () => kplus.PodSelectorConfig): kplus.PodSelectorConfig {
  const config = base();
  if (state) {
    return state.props.podAddressLabel === false ? { ...config, labelSelector: kplus.LabelSelector.of({ labels: ownSelector(owner, state) }) } : config;
  }
  // Asked from inside the kplus constructor (a StatefulSet selecting its governing Service).
  const pending = constructing[constructing.length - 1];
  if (pending?.podAddressLabel !== false) return config;
  return { ...config, labelSelector: kplus.LabelSelector.of({ labels: selectorLabels(resolveAppLabels(owner, owner.node.id, pending.app)) }) };
}

// The props of the Kapstan workloads whose kplus constructor is running, innermost last: kplus'
// StatefulSet selects its governing Service before the Kapstan constructor has its state.
const constructing: PodTemplateProps[] = [];

/** Marks `props` as under construction until the returned function is called. */
export function constructingWith(props: PodTemplateProps): () => void {
  constructing.push(props);
  return () => { constructing.pop(); };
}
