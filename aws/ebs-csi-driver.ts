// Kapstan's AwsEbsStorageClass provisions through the EBS CSI driver (`ebs.csi.aws.com`), which
// EKS does not run by default: the managed add-on aws-ebs-csi-driver, whose controller gets its
// AWS permissions through EKS Pod Identity (no OIDC provider needed, unlike IRSA).
import { CfnAddon } from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AwsEbsStorageClass } from '../constructs/storage/aws-ebs-storage-class';
import type { AnyCluster } from './eks-module';

export const EBS_CSI_ADDON = 'aws-ebs-csi-driver';
/** The controller's service account, as the add-on creates it. */
export const EBS_CSI_SERVICE_ACCOUNT = 'ebs-csi-controller-sa';
const ID = 'KapstanEbsCsiDriver';

/** Whether any of these manifests is a StorageClass provisioned by the EBS CSI driver. */
export function usesEbsCsi(manifests: readonly Record<string, any>[]): boolean {
  return manifests.some((m) => m['kind'] === 'StorageClass' && m['provisioner'] === AwsEbsStorageClass.PROVISIONER);
}

/**
 * The cluster's EBS CSI add-on, created once per cluster (under the cluster construct, in its
 * CloudFormation stack) however many Kapstan stacks need it. A cluster created in this app gets
 * the Pod Identity agent add-on from its own module; an imported cluster must already run it.
 */
export function ebsCsiDriver(cluster: AnyCluster): CfnAddon {
  const existing = cluster.node.tryFindChild(ID);
  if (existing) return (existing as Construct).node.defaultChild as CfnAddon;
  const scope = new Construct(cluster, ID);
  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.SessionTagsPrincipal(new iam.ServicePrincipal('pods.eks.amazonaws.com')),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEBSCSIDriverPolicy')],
    description: 'EBS CSI driver controller (kapstan/aws, EKS Pod Identity)',
  });
  const addon = new CfnAddon(scope, 'Addon', {
    clusterName: cluster.clusterName,
    addonName: EBS_CSI_ADDON,
    resolveConflicts: 'OVERWRITE',
    podIdentityAssociations: [{ roleArn: role.roleArn, serviceAccount: EBS_CSI_SERVICE_ACCOUNT }],
  });
  scope.node.defaultChild = addon;
  // `eksPodIdentityAgent` is a getter that creates the agent add-on on a cluster of this app.
  const agent = cluster.eksPodIdentityAgent;
  if (agent) addon.node.addDependency(agent);
  return addon;
}
