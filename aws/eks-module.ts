// kapstan/aws takes a cluster of either EKS module of aws-cdk-lib: `aws-eks` (v1, still what most
// CDK apps run: not deprecated, and the one with the longest history) and `aws-eks-v2` (native
// AWS::EKS::Cluster, Auto Mode). Their ICluster types are structurally close but their
// KubernetesManifest classes differ (each needs its own kubectl provider), so a cluster's module
// has to be known to create manifests for it.
import * as eksV1 from 'aws-cdk-lib/aws-eks';
import * as eksV2 from 'aws-cdk-lib/aws-eks-v2';

/** An EKS cluster of either module, created in this app or imported (`fromClusterAttributes`). */
export type AnyCluster = eksV1.ICluster | eksV2.ICluster;

/** Options both modules' KubernetesManifest accept. */
export interface ManifestResourceProps {
  readonly manifest: Record<string, any>[];
  readonly overwrite: boolean;
  readonly prune?: boolean;
  readonly removalPolicy?: import('aws-cdk-lib').RemovalPolicy;
}

/**
 * Whether a cluster comes from `aws-eks` (v1). Its classes are wrapped by decorators, so
 * `instanceof` does not tell; every v1 cluster, owned or imported, carries `awscliLayer` (its
 * kubectl handler's AWS CLI layer), which v2 removed along with that handler.
 */
export function isEksV1(cluster: AnyCluster): cluster is eksV1.ICluster {
  return 'awscliLayer' in cluster;
}

/** A KubernetesManifest of the cluster's own module. */
export function manifestResource(scope: import('constructs').Construct, id: string, cluster: AnyCluster, props: ManifestResourceProps) {
  return isEksV1(cluster)
    ? new eksV1.KubernetesManifest(scope, id, { cluster, ...props })
    : new eksV2.KubernetesManifest(scope, id, { cluster, ...props });
}
