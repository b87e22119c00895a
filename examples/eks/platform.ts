// One aws-cdk-lib app for a whole platform: an EKS cluster (its VPC, a general node group, a GPU
// node group) and the web, postgres and training example stacks on it, deployed by `cdk deploy`
// through Kapstan's synthesis and apply order. README.md in this folder is the guide.
import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { App as Cdk8sApp } from 'cdk8s';
import { addGpuNodegroup, addKapstanContextOutput, KapstanManifests, kubectlLayer } from '../../aws';
import { trainingExample } from '../patterns';
import { postgresExample } from '../postgres';
import { webServiceExample } from '../web-service';

export interface EksPlatformProps extends cdk.StackProps {
  /** An IAM role (e.g. your SSO admin role) given cluster-admin, for kubectl and `kapstan apply`. */
  readonly adminRoleArn?: string;
  /** The kube context the cluster's output writes (`kapstan apply --context`). @default 'kapstan-eks' */
  readonly context?: string;
}

/** The kube context the example's output command writes. */
export const EKS_CONTEXT = 'kapstan-eks';

export class EksPlatform extends cdk.Stack {
  public readonly cluster: eks.Cluster;
  /** The Kapstan stacks, in their own cdk8s App (the same builders `kapstan synth` runs). */
  public readonly kapstanApp: Cdk8sApp;

  constructor(scope: cdk.App, id: string, props: EksPlatformProps = {}) {
    super(scope, id, props);
    this.cluster = new eks.Cluster(this, 'Cluster', {
      version: eks.KubernetesVersion.V1_34,
      // managed node groups (not Auto Mode): the EBS CSI add-on serves AwsEbsStorageClass's ebs.csi.aws.com
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
      kubectlProviderOptions: { kubectlLayer: kubectlLayer(this) },
    });
    // Three nodes at least: the postgres example spreads its three instances over zones.
    this.cluster.addNodegroupCapacity('General', {
      instanceTypes: [ec2.InstanceType.of(ec2.InstanceClass.M6I, ec2.InstanceSize.XLARGE)],
      minSize: 3,
      maxSize: 6,
    });
    // The training example runs 4 workers with 2 GPUs each: two 4-GPU nodes.
    addGpuNodegroup(this.cluster, 'Gpu', {
      instanceTypes: [ec2.InstanceType.of(ec2.InstanceClass.G5, ec2.InstanceSize.XLARGE12)],
      minSize: 0,
      desiredSize: 2,
      maxSize: 2,
    });
    if (props.adminRoleArn) {
      this.cluster.grantAccess('Admin', props.adminRoleArn, [
        eks.AccessPolicy.fromAccessPolicyName('AmazonEKSClusterAdminPolicy', { accessScopeType: eks.AccessScopeType.CLUSTER }),
      ]);
    }
    addKapstanContextOutput(this.cluster, { context: props.context ?? EKS_CONTEXT, ...(props.adminRoleArn ? { roleArn: props.adminRoleArn } : {}) });

    this.kapstanApp = new Cdk8sApp();
    for (const build of [webServiceExample, postgresExample, trainingExample]) {
      const stack = build(this.kapstanApp);
      new KapstanManifests(this, `Kapstan-${stack.node.id}`, { cluster: this.cluster, source: stack });
    }
  }
}
