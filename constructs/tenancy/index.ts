// Tenancy and access: namespaces, service accounts, RBAC, quotas and limit ranges.
export { Namespace, PodSecurityLevel } from './namespace';
export type { NamespaceProps, PodSecurityOptions } from './namespace';
export { ServiceAccount } from './service-account';
export type { ServiceAccountProps } from './service-account';
export { READ_VERBS } from './policy-rule';
export type { PolicyRule } from './policy-rule';
export { Role, ClusterRole } from './role';
export type { RoleProps, ClusterRoleProps } from './role';
export { RoleBinding, ClusterRoleBinding, RbacUser, RbacGroup, RbacServiceAccount } from './role-binding';
export type { RoleBindingProps, ClusterRoleBindingProps } from './role-binding';
export type { ResourceList } from './resource-list';
export { ResourceQuota, QuotaScope } from './resource-quota';
export type { ResourceQuotaProps, QuotaLimits } from './resource-quota';
export { LimitRange, DEFAULT_CONTAINER_LIMITS } from './limit-range';
export type { LimitRangeProps, ContainerLimits, MinMax } from './limit-range';
