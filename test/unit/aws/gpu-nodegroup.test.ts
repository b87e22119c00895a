// The GPU node group carries the labels Kapstan's GPU pods select and the taint they tolerate.
import { Match, Template } from 'aws-cdk-lib/assertions';
import { addGpuNodegroup, GPU_AMI_TYPE } from '../../../aws';
import { trainingExample } from '../../../examples/patterns';
import { synth, testApp } from '../../../testing';
import { cdkStack, clusterV1, clusterV2 } from './eks-fixtures';

describe('addGpuNodegroup', () => {
  // what the training example's GPU workers ask of a node, from Kapstan's own synth output
  const pod = synth(trainingExample(testApp())).all('Job')[0]!['spec'].template.spec;

  it.each([['aws-eks-v2', clusterV2], ['aws-eks', clusterV1]] as const)('on an %s cluster: labels the training pods select, the taint they tolerate, the NVIDIA AMI', (_module, makeCluster) => {
    const stack = cdkStack();
    const cluster = makeCluster(stack);
    addGpuNodegroup(cluster as any, 'Gpu', { instanceTypes: [], labels: { team: 'ml' }, taints: [{ key: 'dedicated', value: 'ml', effect: 'NO_EXECUTE' as any }] });
    const groups = Template.fromStack(stack).findResources('AWS::EKS::Nodegroup', { Properties: { AmiType: GPU_AMI_TYPE } });
    expect(Object.keys(groups)).toHaveLength(1);
    const props = (Object.values(groups)[0] as any).Properties;

    expect(pod.nodeSelector).toBeDefined();
    expect(props.Labels).toEqual({ team: 'ml', ...pod.nodeSelector });
    expect(props.Taints).toEqual([{ Key: 'dedicated', Value: 'ml', Effect: 'NO_EXECUTE' }, { Key: expect.any(String), Value: 'true', Effect: 'NO_SCHEDULE' }]);
    const gpuTaint = props.Taints[1];
    // a Kubernetes toleration of the pods matches the taint (EKS writes NoSchedule as NO_SCHEDULE)
    const tolerates = (pod.tolerations as any[]).some((t) =>
      t.key === gpuTaint.Key && t.effect === 'NoSchedule' && (t.operator === 'Exists' || t.value === gpuTaint.Value));
    expect(tolerates).toBe(true);
  });

  it('keeps an AMI type the caller chose', () => {
    const stack = cdkStack();
    addGpuNodegroup(clusterV2(stack), 'Gpu', { amiType: 'AL2023_x86_64_NVIDIA' as any });
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::Nodegroup', Match.objectLike({ AmiType: 'AL2023_x86_64_NVIDIA', Labels: { 'nvidia.com/gpu.present': 'true' } }));
  });
});
