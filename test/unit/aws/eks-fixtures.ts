// aws-cdk-lib apps for the kapstan/aws tests: an EKS cluster of either module with its kubectl
// handler, synthesized offline (no AWS account, no lookups, bundled assets only).
import { App as CdkApp, Stack as CdkStack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eksV1 from 'aws-cdk-lib/aws-eks';
import * as eksV2 from 'aws-cdk-lib/aws-eks-v2';
import { kubectlLayer } from '../../../aws';

/** Fixed account and region: nothing is looked up, so the synthesized template is deterministic. */
const ENV = { account: '111111111111', region: 'eu-west-1' };

export function cdkStack(id = 'Platform'): CdkStack {
  return new CdkStack(new CdkApp(), id, { env: ENV });
}

export function clusterV2(stack: CdkStack): eksV2.Cluster {
  return new eksV2.Cluster(stack, 'Cluster', {
    version: eksV2.KubernetesVersion.V1_34,
    defaultCapacityType: eksV2.DefaultCapacityType.NODEGROUP,
    kubectlProviderOptions: { kubectlLayer: kubectlLayer(stack) },
  });
}

export function clusterV1(stack: CdkStack): eksV1.Cluster {
  return new eksV1.Cluster(stack, 'Cluster', {
    version: eksV1.KubernetesVersion.V1_34,
    kubectlLayer: kubectlLayer(stack),
  });
}

export const MANIFEST_TYPE = 'Custom::AWSCDK-EKS-KubernetesResource';

/** A manifest resource of the template: its logical id, objects, dependencies and settings. */
export interface ManifestResource {
  logicalId: string;
  objects: Record<string, any>[];
  dependsOn: string[];
  deletionPolicy?: string;
  pruneLabel?: string;
  overwrite?: boolean;
}

/** Every manifest resource with a literal manifest (aws-eks's own aws-auth map is built from tokens). */
export function manifestResources(template: Template): ManifestResource[] {
  return Object.entries(template.findResources(MANIFEST_TYPE)).filter(([, r]: [string, any]) => typeof r.Properties.Manifest === 'string').map(([logicalId, r]: [string, any]) => ({
    logicalId,
    objects: JSON.parse(r.Properties.Manifest),
    dependsOn: r.DependsOn ?? [],
    deletionPolicy: r.DeletionPolicy,
    pruneLabel: r.Properties.PruneLabel,
    overwrite: r.Properties.Overwrite,
  }));
}

/** The objects without the prune label aws-eks adds for `kubectl apply --prune -l`. */
export function withoutPruneLabel(objects: Record<string, any>[], label: string | undefined): Record<string, any>[] {
  if (!label) return objects;
  return objects.map((o) => {
    const copy = structuredClone(o);
    delete copy.metadata.labels[label];
    return copy;
  });
}

/**
 * The Kapstan objects a stack's resources apply, in order, after the stack namespace that the
 * first resource creates when the stack does not declare it (as `kapstan apply` creates it);
 * that resource holds exactly the bare Namespace and is retained.
 */
export function appliedObjects(ordered: ManifestResource[], stack: { namespace: string | null; manifests: readonly Record<string, any>[] }): Record<string, any>[] {
  const ns = stack.namespace;
  const declared = stack.manifests.some((m) => m['kind'] === 'Namespace' && m['metadata'].name === ns);
  let rest = ordered;
  if (ns && !declared) {
    const [first] = ordered;
    if (!first) throw new Error(`no resource creates the stack namespace ${ns}`);
    expect({ objects: first.objects, deletionPolicy: first.deletionPolicy, pruned: first.pruneLabel !== undefined })
      .toEqual({ objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }], deletionPolicy: 'Retain', pruned: false });
    rest = ordered.slice(1);
  }
  return rest.flatMap((r) => withoutPruneLabel(r.objects, r.pruneLabel));
}
