import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { KapstanResourceProps, kapstanMetadata } from '../object-metadata';
import { constructError } from '../errors';
import { isDnsLabel } from '../dns-names';

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
  /** Warn clients about pods that violate this level. Default restricted. */
  readonly warn?: PodSecurityLevel;
  /** Record violations of this level in the audit log. Default restricted. */
  readonly audit?: PodSecurityLevel;
  /** Policy version to pin, e.g. `v1.34`. Default latest. */
  readonly version?: string;
}

export interface NamespaceProps extends KapstanResourceProps {
  /**
   * Pod security labels. Default: warn and audit at `restricted`, enforce nothing, so existing
   * workloads keep running while violations are reported.
   */
  readonly podSecurity?: PodSecurityOptions;
}

/** A Namespace, built on the cdk8s-plus one (usable as a NetworkPolicy peer), with Pod Security labels. */
export class Namespace extends kplus.Namespace {
  constructor(scope: Construct, id: string, props: NamespaceProps = {}) {
    const metadata = kapstanMetadata(props);
    const ps = props.podSecurity ?? {};
    const security: Record<string, string> = {
      'pod-security.kubernetes.io/warn': ps.warn ?? PodSecurityLevel.RESTRICTED,
      'pod-security.kubernetes.io/audit': ps.audit ?? PodSecurityLevel.RESTRICTED,
    };
    if (ps.enforce) security['pod-security.kubernetes.io/enforce'] = ps.enforce;
    if (ps.version) {
      for (const mode of ['warn', 'audit', ...(ps.enforce ? ['enforce'] : [])]) security[`pod-security.kubernetes.io/${mode}-version`] = ps.version;
    }
    super(scope, id, { metadata: { ...metadata, labels: { ...security, ...metadata.labels } } });
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
