// The kubectl Lambda layer for Kubernetes 1.34 (Kapstan validates against the 1.34 schema), which
// both EKS modules need for a cluster's kubectl handler (`kubectlLayer` in aws-eks,
// `kubectlProviderOptions.kubectlLayer` in aws-eks-v2). A bundled asset: synth needs no Docker.
import { KubectlV34Layer } from '@aws-cdk/lambda-layer-kubectl-v34';
import type { Construct } from 'constructs';

export function kubectlLayer(scope: Construct, id = 'KubectlLayer'): KubectlV34Layer {
  return new KubectlV34Layer(scope, id);
}
