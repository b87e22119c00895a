// kapstan/aws: Kapstan stacks on EKS clusters defined with aws-cdk-lib. The peers check loads
// first, so a missing aws-cdk-lib is one clear error, not a failure deep inside an import.
import './peers';

export { AWS_PEERS } from './peers';
export { KapstanManifests, type KapstanManifestsProps, type KapstanManifestResource } from './kapstan-manifests';
export { manifestParts, stackNamespacePart, MAX_MANIFEST_CHARS, RETAINED_GROUPS, type ManifestPart } from './manifest-groups';
export { isEksV1, type AnyCluster } from './eks-module';
export { ebsCsiDriver, usesEbsCsi, EBS_CSI_ADDON, EBS_CSI_SERVICE_ACCOUNT } from './ebs-csi-driver';
export { addGpuNodegroup, GPU_AMI_TYPE, GPU_NODE_LABELS, GPU_NODE_TAINT } from './gpu-nodegroup';
export { addKapstanContextOutput, type KapstanContextOutputProps } from './context-output';
export { kubectlLayer } from './kubectl-layer';
