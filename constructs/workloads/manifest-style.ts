import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import type { PodOwner } from './pod-template';

// Options that make a workload write the pod template a hand-written manifest would: no
// cdk8s-plus pod address label, no restated Kubernetes defaults. Manifests written before on the
// low-level types keep their bytes when moved onto these constructs (a changed selector or pod
// label would restart, or fail to update, running workloads).

/** How a workload writes its pod template. */
export interface ManifestStyleProps {
  /**
   * Give the pods cdk8s-plus' `cdk8s.io/metadata.addr` label, by which cdk8s-plus selects a
   * workload's pods (a Service or NetworkPolicy given the workload, `scheduling.attract/separate`,
   * `connections`). Set false to keep pod labels to the app labels: the workload is then selected
   * by its own selector labels everywhere. @default true
   */
  readonly podAddressLabel?: boolean;
  /**
   * Leave out what cdk8s-plus writes but the API server would default anyway: `dnsPolicy:
   * ClusterFirst`, `hostNetwork`, `setHostnameAsFQDN` and `shareProcessNamespace: false`,
   * `restartPolicy: Always` (not on Jobs), `terminationGracePeriodSeconds: 30` (unless given),
   * `fsGroupChangePolicy: Always`, `runAsNonRoot: false` (pod and container),
   * `automountServiceAccountToken: true` (the pod then follows its ServiceAccount, which mounts the
   * token unless the account says otherwise; cdk8s-plus' own default, false, is kept), a container's
   * `privileged: false`, a probe's `scheme: HTTP`, a DaemonSet's `minReadySeconds: 0` and
   * `maxSurge: 0` (unless given),
   * and the `imagePullPolicy` of a container that sets none (the API server then picks Always for
   * `:latest` or untagged images, IfNotPresent otherwise; cdk8s-plus writes Always). @default false
   */
  readonly omitDefaults?: boolean;
  /** The pod-level seccomp profile (`spec.securityContext.seccompProfile`), e.g. RuntimeDefault. */
  readonly podSeccompProfile?: kplus.SeccompProfile;
}

const ADDRESS_LABEL = kplus.Pod.ADDRESS_LABEL.replace('/', '~1');

/** Removes the pod address label from the rendered template (JSON pointer: '/' is '~1'). */
export function dropPodAddressLabel(owner: PodOwner): void {
  const template = owner instanceof kplus.CronJob ? '/spec/jobTemplate/spec/template' : '/spec/template';
  ApiObject.of(owner).addJsonPatch(JsonPatch.remove(`${template}/metadata/labels/${ADDRESS_LABEL}`));
}

/** The defaults cdk8s-plus writes into a pod spec, by field. */
const POD_DEFAULTS: Record<string, unknown> = {
  dnsPolicy: 'ClusterFirst',
  hostNetwork: false,
  setHostnameAsFqdn: false,
  shareProcessNamespace: false,
  terminationGracePeriodSeconds: 30,
};

/** A pod spec without the fields that restate Kubernetes defaults (see `omitDefaults`). */
export function withoutDefaults(
  spec: kplus.k8s.PodSpec,
  kept: { isJob: boolean; gracePeriodSet: boolean },
  pullPolicySet: (container: kplus.k8s.Container, init: boolean) => boolean,
): kplus.k8s.PodSpec {
  const out: Record<string, unknown> = { ...spec };
  for (const [field, value] of Object.entries(POD_DEFAULTS)) if (out[field] === value) delete out[field];
  if (kept.gracePeriodSet) out.terminationGracePeriodSeconds = spec.terminationGracePeriodSeconds;
  if (spec.automountServiceAccountToken === true) delete out.automountServiceAccountToken;
  if (!kept.isJob && spec.restartPolicy === 'Always') delete out.restartPolicy;
  if (spec.securityContext) {
    // runAsNonRoot: false asks for no check, as an absent field does.
    const { fsGroupChangePolicy, runAsNonRoot, ...rest } = spec.securityContext;
    const context = {
      ...rest,
      ...(fsGroupChangePolicy !== 'Always' ? { fsGroupChangePolicy } : {}),
      ...(runAsNonRoot !== false ? { runAsNonRoot } : {}),
    };
    out.securityContext = Object.values(context).some((v) => v !== undefined) ? context : undefined;
  }
  out.containers = spec.containers.map((c) => containerWithoutDefaults(c, pullPolicySet(c, false)));
  if (spec.initContainers) out.initContainers = spec.initContainers.map((c) => containerWithoutDefaults(c, pullPolicySet(c, true)));
  return out as unknown as kplus.k8s.PodSpec;
}

function containerWithoutDefaults(c: kplus.k8s.Container, keepPullPolicy: boolean): kplus.k8s.Container {
  const out: Record<string, any> = { ...c };
  if (!keepPullPolicy) delete out.imagePullPolicy;
  if (c.securityContext) {
    const { privileged, runAsNonRoot, ...rest } = c.securityContext;
    out.securityContext = { ...rest, ...(privileged !== false ? { privileged } : {}), ...(runAsNonRoot !== false ? { runAsNonRoot } : {}) };
  }
  for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe'] as const) {
    const httpGet = c[probe]?.httpGet;
    if (httpGet?.scheme === 'HTTP') {
      const { scheme: _http, ...rest } = httpGet;
      out[probe] = { ...c[probe], httpGet: rest };
    }
  }
  return out as kplus.k8s.Container;
}

/** The pod security context with the pod-level seccomp profile added. */
export function withPodSeccomp(spec: kplus.k8s.PodSpec, profile: kplus.SeccompProfile | undefined): kplus.k8s.PodSpec {
  if (!profile) return spec;
  return { ...spec, securityContext: { ...spec.securityContext, seccompProfile: { type: profile.type, localhostProfile: profile.localhostProfile } } };
}
