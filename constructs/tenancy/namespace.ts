import { JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { KapstanResourceProps, kapstanMetadata } from '../object-metadata';
import { constructError } from '../errors';
import { isDnsLabel } from '../../dns-names';

/** Pod Security Standards levels (pod-security.kubernetes.io). */
export enum PodSecurityLevel {
  PRIVILEGED = 'privileged',
  BASELINE = 'baseline',
  RESTRICTED = 'restricted',
}

/** Pod Security Admission settings of a namespace. */
export interface PodSecurityOptions {
  /** Reject pods that violate this level. Default: not enforced. */
  readonly enforce?: PodSecurityLevel;
  /** Warn clients about pods that violate this level. Default restricted; `false` writes no warn label. */
  readonly warn?: PodSecurityLevel | false;
  /** Record violations of this level in the audit log. Default restricted; `false` writes no audit label. */
  readonly audit?: PodSecurityLevel | false;
  /** Policy version to pin, e.g. `v1.34`. Default latest. */
  readonly version?: string;
}

export interface NamespaceProps extends KapstanResourceProps {
  /**
   * Pod security labels. Default: warn and audit at `restricted`, enforce nothing, so existing
   * workloads keep running while violations are reported.
   */
  readonly podSecurity?: PodSecurityOptions;
  /**
   * Leave out the empty `spec: {}` cdk8s-plus writes (a Namespace spec only holds finalizers; the
   * API server stores none). Default false.
   */
  readonly omitEmptySpec?: boolean;
}

/** A Namespace, built on the cdk8s-plus one (usable as a NetworkPolicy peer), with Pod Security labels. */
export class Namespace extends kplus.Namespace {
  constructor(scope: Construct, id: string, props: NamespaceProps = {}) {
    const metadata = kapstanMetadata(props);
    const ps = props.podSecurity ?? {};
    const levels: Record<string, PodSecurityLevel | false | undefined> = {
      warn: ps.warn ?? PodSecurityLevel.RESTRICTED,
      audit: ps.audit ?? PodSecurityLevel.RESTRICTED,
      enforce: ps.enforce,
    };
    const security: Record<string, string> = {};
    for (const [mode, level] of Object.entries(levels)) {
      if (!level) continue;
      security[`pod-security.kubernetes.io/${mode}`] = level;
      if (ps.version) security[`pod-security.kubernetes.io/${mode}-version`] = ps.version;
    }
    super(scope, id, { metadata: { ...metadata, labels: { ...security, ...metadata.labels } } });
    if (props.omitEmptySpec) this.apiObject.addJsonPatch(JsonPatch.remove('/spec'));
    if (props.metadata?.namespace) throw constructError(this, 'metadata.namespace', 'a Namespace is cluster-scoped and has no namespace');
    const name = props.metadata?.name;
    if (name !== undefined && !isDnsLabel(name)) {
      throw constructError(this, 'metadata.name', `"${name}" is not a valid namespace name (DNS label: lowercase letters, digits and '-', at most 63)`);
    }
    if (ps.version !== undefined && !/^(latest|v1\.\d+)$/.test(ps.version)) {
      throw constructError(this, 'metadata.labels[pod-security.kubernetes.io/*-version]', `"${ps.version}" is not a policy version (latest or v1.N)`);
    }
  }
}
