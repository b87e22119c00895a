// A node log agent on the foundation constructs: a DaemonSet on every node (tainted ones too)
// with read-only host paths, its own PriorityClass, and cluster-wide read access to pod metadata.
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import type { Construct } from 'constructs';
import {
  ClusterRole, ClusterRoleBinding, ConfigMap, DaemonSet, DaemonSetUpdateStrategy, PreemptionPolicy, PriorityClass,
  READ_VERBS, ServiceAccount,
} from '../constructs';
import { Stack } from '../stacks';

const app = { name: 'log-agent', component: 'logging', version: '3.1.9' };

export function nodeLogAgentExample(scope: Construct): Stack {
  const stack = new Stack(scope, 'logging', { namespace: 'logging', labels: { team: 'platform' } });

  const priority = new PriorityClass(stack, 'Priority', {
    metadata: { name: 'node-agents' },
    value: 900000,
    preemptionPolicy: PreemptionPolicy.PREEMPT_LOWER_PRIORITY,
    description: 'Per-node agents: scheduled before ordinary workloads',
  });
  const account = new ServiceAccount(stack, 'Account', { metadata: { name: 'log-agent' }, app, automountToken: true });
  const reader = new ClusterRole(stack, 'Reader', {
    metadata: { name: 'log-agent-reader' },
    app,
    rules: [{ apiGroups: [''], resources: ['pods', 'namespaces', 'nodes'], verbs: [...READ_VERBS] }],
  });
  new ClusterRoleBinding(stack, 'ReaderBinding', { metadata: { name: 'log-agent-reader' }, app, role: reader, subjects: [account] });

  const config = new ConfigMap(stack, 'Config', {
    metadata: { name: 'log-agent-config' },
    app,
    data: { 'fluent-bit.conf': '[INPUT]\n    Name tail\n    Path /var/log/containers/*.log\n[OUTPUT]\n    Name stdout\n    Match *\n' },
  });

  const agent = new DaemonSet(stack, 'Agent', {
    metadata: { name: 'log-agent' },
    app,
    serviceAccount: account,
    tolerateAll: true,
    priorityClass: priority,
    updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.percent(10) }),
    revisionHistoryLimit: 5,
    containers: [
      {
        name: 'fluent-bit',
        image: 'fluent/fluent-bit:3.1.9',
        args: ['--config', '/etc/fluent-bit/fluent-bit.conf'],
        ports: [{ name: 'metrics', number: 2020 }],
        resources: {
          cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(250) },
          memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
        },
        readiness: kplus.Probe.fromHttpGet('/api/v1/health', { port: 2020 }),
      },
    ],
  });
  const c = agent.containers[0];
  c.mount('/etc/fluent-bit', kplus.Volume.fromConfigMap(agent, 'ConfigVolume', config), { readOnly: true });
  c.mount('/var/log', kplus.Volume.fromHostPath(agent, 'VarLog', 'varlog', { path: '/var/log' }), { readOnly: true });
  c.mount('/var/lib/docker/containers', kplus.Volume.fromHostPath(agent, 'Containers', 'containers', { path: '/var/lib/docker/containers' }), { readOnly: true });
  return stack;
}
