import * as kplus from 'cdk8s-plus-34';
import { k8s } from 'cdk8s-plus-34';
import { Construct, IConstruct } from 'constructs';
import { Patch, patchObject } from '../escape/json-patch';
import { KapstanResourceProps, kapstanMetadata } from '../object-metadata';
import { constructError } from '../errors';
import { PolicyRule, policyRuleProblem, toKubeRule } from './policy-rule';

export interface RoleProps extends KapstanResourceProps {
  /** Rules, in Kubernetes terms. cdk8s-plus style `allow*()` calls can add more. */
  readonly rules?: PolicyRule[];
}

export interface ClusterRoleProps extends RoleProps {
  /** Aggregate the rules of ClusterRoles carrying these labels. */
  readonly aggregationLabels?: Record<string, string>;
}

/**
 * Checks a rule (errors name `rules[index]`) and appends it after the cdk8s-plus rules.
 * cdk8s-plus renders one rule per resource; ours keep the compact Kubernetes shape, so they
 * are patched onto the finished manifest.
 */
function appendRule(target: IConstruct, index: number, rule: PolicyRule, clusterScoped: boolean): void {
  const problem = policyRuleProblem(rule, clusterScoped);
  if (problem) throw constructError(target, `rules[${index}].${problem.field}`, problem.message);
  const kube = k8s.KubeRole.manifest({ rules: [toKubeRule(rule)] }).rules[0];
  patchObject(target, Patch.add('/rules/-', kube));
}

/** A namespaced Role, built on the cdk8s-plus Role (so `bind()` and grants work). */
export class Role extends kplus.Role {
  private ruleCount = 0;

  constructor(scope: Construct, id: string, props: RoleProps = {}) {
    super(scope, id, { metadata: kapstanMetadata(props) });
    (props.rules ?? []).forEach((r) => this.addRule(r));
  }

  /** Add a rule in Kubernetes terms. */
  public addRule(rule: PolicyRule): void {
    appendRule(this, this.ruleCount++, rule, false);
  }
}

/** A ClusterRole, built on the cdk8s-plus ClusterRole. */
export class ClusterRole extends kplus.ClusterRole {
  private ruleCount = 0;

  constructor(scope: Construct, id: string, props: ClusterRoleProps = {}) {
    super(scope, id, { metadata: kapstanMetadata(props), aggregationLabels: props.aggregationLabels });
    if (props.metadata?.namespace) throw constructError(this, 'metadata.namespace', 'a ClusterRole is cluster-scoped and has no namespace');
    (props.rules ?? []).forEach((r) => this.addRule(r));
  }

  /** Add a rule in Kubernetes terms. */
  public addRule(rule: PolicyRule): void {
    appendRule(this, this.ruleCount++, rule, true);
  }
}
