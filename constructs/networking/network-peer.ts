import { k8s } from 'cdk8s-plus-34';
import { PodSelection, toLabelSelector } from './selector';

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Namespaces to allow, by labels or by name. */
export type NamespaceSelection = { readonly labels: Record<string, string> } | { readonly names: string[] };

function namespaceSelector(ns: NamespaceSelection): k8s.LabelSelector {
  if ('names' in ns) {
    return { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: [...ns.names].sort() }] };
  }
  return { matchLabels: { ...ns.labels } };
}

/**
 * Who a NetworkPolicy rule allows traffic from (ingress) or to (egress): pods, namespaces,
 * pods in namespaces, or an IP block.
 */
export class NetworkPeer {
  /** Pods in the policy's own namespace. */
  public static pods(selection: PodSelection): NetworkPeer {
    return new NetworkPeer({ podSelector: toLabelSelector(selection) }, 'pods');
  }

  /** Every pod in the matching namespaces. */
  public static namespaces(selection: NamespaceSelection): NetworkPeer {
    return new NetworkPeer({ namespaceSelector: namespaceSelector(selection) }, 'namespaces');
  }

  /** Every pod in the policy's own namespace (an empty pod selector). */
  public static allPods(): NetworkPeer {
    return new NetworkPeer({ podSelector: {} }, 'all pods');
  }

  /** Every pod in every namespace of the cluster. */
  public static allNamespaces(): NetworkPeer {
    return new NetworkPeer({ namespaceSelector: {} }, 'all namespaces');
  }

  /** The selected pods, but only in the matching namespaces (both must match). */
  public static podsInNamespaces(pods: PodSelection, namespaces: NamespaceSelection): NetworkPeer {
    return new NetworkPeer({ podSelector: toLabelSelector(pods), namespaceSelector: namespaceSelector(namespaces) }, 'pods in namespaces');
  }

  /** An IPv4 or IPv6 CIDR, optionally with holes (`except`, each inside `cidr`). */
  public static cidr(cidr: string, except?: string[]): NetworkPeer {
    return new NetworkPeer({ ipBlock: { cidr, except } }, `cidr ${cidr}`);
  }

  private constructor(private readonly peer: k8s.NetworkPolicyPeer, public readonly description: string) {}

  /** The manifest fragment (a copy). */
  public toKube(): k8s.NetworkPolicyPeer {
    return structuredClone(this.peer);
  }

  /** The IP block, if this peer is one. */
  public get ipBlock(): k8s.IpBlock | undefined {
    return this.peer.ipBlock;
  }
}
