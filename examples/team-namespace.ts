// A team namespace on the foundation constructs: quota, limit range, a deployer service account
// with a namespaced Role and RoleBinding, default-deny networking, and a toolbox Pod.
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import type { Construct } from 'constructs';
import {
  LimitRange, Namespace, NetworkPolicy, Pod, PodSecurityLevel, ResourceQuota, Role, RoleBinding, ServiceAccount,
} from '../constructs';
import { Stack } from '../stacks';

export function teamNamespaceExample(scope: Construct): Stack {
  const stack = new Stack(scope, 'team-checkout', { namespace: 'checkout', labels: { team: 'checkout' } });

  new Namespace(stack, 'Namespace', {
    metadata: { name: 'checkout' },
    podSecurity: { enforce: PodSecurityLevel.RESTRICTED, warn: PodSecurityLevel.RESTRICTED },
  });
  new ResourceQuota(stack, 'Quota', {
    metadata: { name: 'checkout-quota' },
    hard: { requestsCpu: 10, requestsMemory: '20Gi', limitsCpu: 20, limitsMemory: '40Gi', pods: 80, persistentVolumeClaims: 10, loadBalancers: 0 },
  });
  new LimitRange(stack, 'Limits', {
    metadata: { name: 'checkout-limits' },
    container: {
      defaultRequest: { cpu: '100m', memory: '128Mi' },
      defaultLimit: { cpu: '500m', memory: '512Mi' },
      max: { cpu: '4', memory: '8Gi' },
    },
  });

  const deployer = new ServiceAccount(stack, 'Deployer', { metadata: { name: 'checkout-deployer' } });
  const role = new Role(stack, 'DeployerRole', {
    metadata: { name: 'checkout-deployer' },
    rules: [
      { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
      { apiGroups: [''], resources: ['services', 'configmaps', 'pods'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
    ],
  });
  new RoleBinding(stack, 'DeployerBinding', { metadata: { name: 'checkout-deployer' }, role, subjects: [deployer] });

  NetworkPolicy.denyAll(stack, 'DenyAll', { metadata: { name: 'default-deny' }, egress: true });

  new Pod(stack, 'Toolbox', {
    metadata: { name: 'toolbox' },
    app: { name: 'toolbox', component: 'debug' },
    containers: [
      {
        name: 'shell',
        image: 'busybox:1.37',
        command: ['sleep', '86400'],
        resources: {
          cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(100) },
          memory: { request: Size.mebibytes(16), limit: Size.mebibytes(64) },
        },
      },
    ],
  });
  return stack;
}
