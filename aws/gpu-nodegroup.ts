// A managed node group for GPU work, labelled and tainted the way Kapstan's GPU scheduling
// expects: TrainingJob (constructs/patterns/batch/training-job.ts) selects nodes by
// DEFAULT_GPU_NODE_SELECTOR and tolerates DEFAULT_GPU_TOLERATIONS, so CPU pods stay off the
// expensive nodes and GPU pods land on them with no per-stack settings.
import * as eksV1 from 'aws-cdk-lib/aws-eks';
import * as eksV2 from 'aws-cdk-lib/aws-eks-v2';
import { DEFAULT_GPU_NODE_SELECTOR, DEFAULT_GPU_TOLERATIONS } from '../constructs/patterns/batch/training-job';

/** Labels of a GPU node: what Kapstan's GPU pods select. */
export const GPU_NODE_LABELS: Readonly<Record<string, string>> = { ...DEFAULT_GPU_NODE_SELECTOR };

/** The taint of a GPU node (EKS spelling of the effect): what Kapstan's GPU pods tolerate. */
export const GPU_NODE_TAINT = {
  key: DEFAULT_GPU_TOLERATIONS[0]!.key!,
  value: 'true',
  effect: 'NO_SCHEDULE',
} as const;

/**
 * Bottlerocket's NVIDIA variant ships the driver and the NVIDIA device plugin, so nodes advertise
 * `nvidia.com/gpu` with nothing else to install (the AL2023 NVIDIA AMI needs the plugin deployed).
 */
export const GPU_AMI_TYPE = 'BOTTLEROCKET_x86_64_NVIDIA';

/** What the two modules' NodegroupOptions share here (their enums are both string-valued). */
interface NodegroupOptionsOfEither {
  readonly amiType?: string;
  readonly labels?: Record<string, string>;
  readonly taints?: ReadonlyArray<{ readonly key?: string }>;
}

/**
 * Adds a managed node group with Kapstan's GPU labels and taint (merged into any given) and,
 * unless set, the Bottlerocket NVIDIA AMI. Works on a cluster of either EKS module.
 */
export function addGpuNodegroup(cluster: eksV2.Cluster, id: string, options?: eksV2.NodegroupOptions): eksV2.Nodegroup;
export function addGpuNodegroup(cluster: eksV1.Cluster, id: string, options?: eksV1.NodegroupOptions): eksV1.Nodegroup;
export function addGpuNodegroup(cluster: eksV1.Cluster | eksV2.Cluster, id: string, options: NodegroupOptionsOfEither = {}): eksV1.Nodegroup | eksV2.Nodegroup {
  const merged = {
    ...options,
    amiType: options.amiType ?? GPU_AMI_TYPE,
    labels: { ...options.labels, ...GPU_NODE_LABELS },
    taints: [...(options.taints ?? []).filter((t) => t.key !== GPU_NODE_TAINT.key), GPU_NODE_TAINT],
  };
  // The two modules' option types differ only in their own (string-valued) enums.
  return (cluster as eksV2.Cluster).addNodegroupCapacity(id, merged as eksV2.NodegroupOptions);
}
