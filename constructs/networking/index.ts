// Networking: Services, Ingresses, NetworkPolicies. Exported by name so internal helpers
// never clash with other folders in the top-level barrel.
export type { PodSelection, LabelSelectorSpec } from './selector';
export { Service, ServiceType, SessionAffinity, ExternalTrafficPolicy, InternalTrafficPolicy, IpFamilyPolicy } from './service';
export type { ServiceProps, ServicePortSpec } from './service';
export { Ingress, HttpIngressPathType, IngressBackend } from './ingress';
export type { IngressProps, IngressRoute, IngressTlsSpec } from './ingress';
export { NetworkPeer } from './network-peer';
export type { NamespaceSelection } from './network-peer';
export { NetworkPolicy, PolicyType } from './network-policy';
export type { NetworkPolicyProps, NetworkPolicyRule, PolicyPort, DenyAllProps } from './network-policy';
