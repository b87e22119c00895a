// The cluster's output writes a kube context under the name `kapstan apply --context` is given.
import { Template } from 'aws-cdk-lib/assertions';
import { addKapstanContextOutput } from '../../../aws';
import { cdkStack, clusterV2 } from './eks-fixtures';

describe('addKapstanContextOutput', () => {
  it('outputs the update-kubeconfig command with the context as its alias, and the role to assume', () => {
    const stack = cdkStack();
    const cluster = clusterV2(stack);
    addKapstanContextOutput(cluster, { context: 'eks-prod', roleArn: 'arn:aws:iam::111111111111:role/admin' });
    const outputs = Template.fromStack(stack).toJSON().Outputs as Record<string, any>;
    const output = Object.entries(outputs).find(([id]) => id.includes('KapstanContext'))?.[1];
    expect(output).toBeDefined();
    const [, parts] = output.Value['Fn::Join'];
    const text = parts.map((p: unknown) => (typeof p === 'string' ? p : JSON.stringify(p))).join('');
    expect(text).toMatch(/^aws eks update-kubeconfig --name \{"Ref":"Cluster\w+"\} --region eu-west-1 --alias eks-prod --role-arn arn:aws:iam::111111111111:role\/admin$/);
    expect(output.Description).toContain('kapstan apply --context');
  });
});
