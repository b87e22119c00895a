import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { KapstanResourceProps, kapstanMetadata } from '../object-metadata';
import { constructError } from '../errors';

/** RBAC subjects by name: `RbacUser.fromName(scope, id, 'alice')`, `RbacGroup.fromName(...)`. */
export { Group as RbacGroup, User as RbacUser } from 'cdk8s-plus-34';

/**
 * A ServiceAccount subject by name, written as `kubectl create rolebinding --serviceaccount`
 * writes it: kind, name and namespace, no `apiGroup` (the API server defaults it to ""). A
 * cdk8s-plus ServiceAccount as a subject writes `apiGroup: ""` itself.
 */
export class RbacServiceAccount extends Construct implements kplus.ISubject {
  public static fromName(scope: Construct, id: string, name: string, namespace: string): RbacServiceAccount {
    return new RbacServiceAccount(scope, id, name, namespace);
  }

  private constructor(scope: Construct, id: string, public readonly name: string, public readonly namespace: string) {
    super(scope, id);
  }

  public toSubjectConfiguration(): kplus.SubjectConfiguration {
    return { kind: 'ServiceAccount', name: this.name, namespace: this.namespace };
  }
}

export interface RoleBindingProps extends KapstanResourceProps {
  /** The Role, or a ClusterRole granted only inside this binding's namespace. */
  readonly role: kplus.IRole;
  /** Who gets the role: ServiceAccounts, `User.fromName(...)`, `Group.fromName(...)`. */
  readonly subjects?: kplus.ISubject[];
}

/** A RoleBinding, built on the cdk8s-plus binding. At least one subject is required at synth. */
export class RoleBinding extends kplus.RoleBinding {
  constructor(scope: Construct, id: string, props: RoleBindingProps) {
    super(scope, id, { metadata: kapstanMetadata(props), role: props.role });
    if (!props.role) throw constructError(this, 'roleRef', 'a binding needs a role');
    addSubjectsChecked(this, props.subjects);
  }
}

export interface ClusterRoleBindingProps extends KapstanResourceProps {
  /** The ClusterRole to grant cluster-wide. */
  readonly role: kplus.IClusterRole;
  /** Who gets the role. */
  readonly subjects?: kplus.ISubject[];
}

/** A ClusterRoleBinding, built on the cdk8s-plus binding. */
export class ClusterRoleBinding extends kplus.ClusterRoleBinding {
  constructor(scope: Construct, id: string, props: ClusterRoleBindingProps) {
    super(scope, id, { metadata: kapstanMetadata(props), role: props.role });
    if (!props.role) throw constructError(this, 'roleRef', 'a binding needs a role');
    if (props.metadata?.namespace) throw constructError(this, 'metadata.namespace', 'a ClusterRoleBinding is cluster-scoped and has no namespace');
    addSubjectsChecked(this, props.subjects);
  }
}

/** Adds the given subjects; more may be added later, so "at least one" is checked at synth time. */
function addSubjectsChecked(binding: kplus.RoleBinding | kplus.ClusterRoleBinding, subjects: kplus.ISubject[] | undefined): void {
  binding.addSubjects(...(subjects ?? []));
  binding.node.addValidation({ validate: () => (binding.subjects.length ? [] : ['subjects: a binding needs at least one subject']) });
}
