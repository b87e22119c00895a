// examples/eks: the aws-cdk-lib app synthesizes offline (no account, no Docker, no lookups) to a
// cluster with its node groups and add-ons, and the three Kapstan stacks as `kapstan synth` makes them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App as CdkApp } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EBS_CSI_ADDON, GPU_NODE_LABELS, GPU_NODE_TAINT } from '../../../aws';
import { EKS_CONTEXT, EksPlatform } from '../../../examples/eks/platform';
import { TEST_SECRET_SEED, synth } from '../../../testing';
import { appliedObjects, manifestResources } from '../aws/eks-fixtures';

describe('examples/eks', () => {
  process.env['KAPSTAN_SECRET_SEED'] ??= TEST_SECRET_SEED;
  const platform = new EksPlatform(new CdkApp(), 'KapstanEks', {
    env: { account: '111111111111', region: 'eu-west-1' },
    adminRoleArn: 'arn:aws:iam::111111111111:role/platform-admin',
  });
  const template = Template.fromStack(platform);

  it('deploys the web, postgres and training stacks exactly as kapstan synth writes them', () => {
    const resources = manifestResources(template);
    const stacks = synth(platform.kapstanApp).stacks;
    expect(stacks.map((s) => s.name)).toEqual(['web', 'orders-db', 'training']);
    for (const s of stacks) {
      const mine = resources.filter((r) => r.logicalId.startsWith(`Kapstan${s.name.replace(/-/g, '')}`));
      // resources appear in the template in creation order, which is apply order
      expect({ stack: s.name, objects: appliedObjects(mine, s) }).toEqual({ stack: s.name, objects: s.manifests });
    }
  });

  it('has a general node group for three zones, a GPU node group labelled and tainted for Kapstan, and the EBS CSI add-on', () => {
    const groups = Object.values(template.findResources('AWS::EKS::Nodegroup')).map((r: any) => r.Properties);
    expect(groups).toHaveLength(2);
    const gpu = groups.find((g) => g.Labels?.['nvidia.com/gpu.present'] === 'true');
    expect(gpu).toMatchObject({ Labels: GPU_NODE_LABELS, Taints: [{ Key: GPU_NODE_TAINT.key, Value: 'true', Effect: 'NO_SCHEDULE' }], ScalingConfig: { DesiredSize: 2 } });
    expect(groups.find((g) => g !== gpu)).toMatchObject({ ScalingConfig: { MinSize: 3 } });
    template.hasResourceProperties('AWS::EKS::Addon', { AddonName: EBS_CSI_ADDON });
  });

  it('outputs the kubeconfig command for kapstan apply --context, and gives the admin role access', () => {
    const outputs = Object.values(template.toJSON().Outputs as Record<string, any>).map((o) => JSON.stringify(o.Value));
    expect(outputs.some((o) => o.includes('aws eks update-kubeconfig') && o.includes(`--alias ${EKS_CONTEXT}`) && o.includes('role/platform-admin'))).toBe(true);
    template.hasResourceProperties('AWS::EKS::AccessEntry', { PrincipalArn: 'arn:aws:iam::111111111111:role/platform-admin' });
  });

  it('stays out of cdk8s.yaml\'s app: kapstan synth and npm start never load aws-cdk-lib', () => {
    for (const file of ['main.ts', 'index.ts']) {
      expect(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'examples', file), 'utf8')).not.toMatch(/eks|aws-cdk-lib/);
    }
  });
});
