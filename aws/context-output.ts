// The other way to deploy the same stacks: Kapstan's engine (diff, prune of what it owns, rollout
// tracking) instead of CloudFormation custom resources. The cluster's output is the command that
// writes a kubeconfig context, named so that `kapstan apply --context <name>` (or a Stack's
// `context` prop) finds it.
import { CfnOutput, Stack as CdkStack } from 'aws-cdk-lib';
import type { AnyCluster } from './eks-module';

export interface KapstanContextOutputProps {
  /** The kubeconfig context to write (`--alias`); use it as the Stack's `context`. @default the cluster name */
  readonly context?: string;
  /** A role to assume for cluster access (`--role-arn`), e.g. the cluster's admin role. */
  readonly roleArn?: string;
}

/** A CloudFormation output: `aws eks update-kubeconfig … --alias <context>`, for `kapstan apply --context <context>`. */
export function addKapstanContextOutput(cluster: AnyCluster, props: KapstanContextOutputProps = {}): CfnOutput {
  const alias = props.context ?? cluster.clusterName;
  const command = [
    'aws eks update-kubeconfig',
    `--name ${cluster.clusterName}`,
    `--region ${CdkStack.of(cluster).region}`,
    `--alias ${alias}`,
    ...(props.roleArn ? [`--role-arn ${props.roleArn}`] : []),
  ].join(' ');
  return new CfnOutput(CdkStack.of(cluster), `${cluster.node.id}KapstanContext`, {
    value: command,
    description: `Writes the kube context ${props.context ?? '(the cluster name)'}; then: kapstan apply --context <it> --dir dist/<stack>`,
  });
}
