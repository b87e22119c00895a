// WebService, NodeAgent and TeamNamespace on the dev cluster, applied through Kapstan.
import { NodeAgent, TeamNamespace, WebService, Namespace } from '../../constructs';
import { useCluster } from './harness';
import { applyStack, synthStack } from './patterns-synth';

const cluster = useCluster({ shared: true });

describe('platform patterns on the dev cluster', () => {
  it('WebService becomes Current with its replicas spread over the zones', async () => {
    const c = cluster();
    const ns = 'e2e-web';
    const dir = synthStack('web', { namespace: ns }, (stack) => {
      new Namespace(stack, 'Namespace', { metadata: { name: ns } });
      new WebService(stack, 'api', {
        image: 'ghcr.io/acme/api:1.0.0',
        minReplicas: 3,
        zoneSpread: 'required',
        ingress: { host: 'api.example.com', annotations: { 'kapstan.io/wait': 'false' } },
        networkPolicy: {},
      });
    });
    const r = await applyStack(dir, c.kubeconfig);
    expect(r.code).toBe(0);
    expect(r.summary.objects.map((o: any) => `${o.kind}:${o.status}`).sort()).toEqual([
      'Deployment:Current', 'HorizontalPodAutoscaler:Current', 'Ingress:Current', 'Namespace:Current',
      'NetworkPolicy:Current', 'PodDisruptionBudget:Current', 'Service:Current',
    ]);
    const pods = await c.kubectlJson(['-n', ns, 'get', 'pods', '-l', 'app.kubernetes.io/instance=api']);
    const nodes = await c.kubectlJson(['get', 'nodes']);
    const zoneOf = new Map(nodes.items.map((n: any) => [n.metadata.name, n.metadata.labels['topology.kubernetes.io/zone']]));
    expect(new Set(pods.items.map((p: any) => zoneOf.get(p.spec.nodeName))).size).toBe(3);
    const pdb = await c.kubectlJson(['-n', ns, 'get', 'pdb', 'api']);
    expect(pdb.status.currentHealthy).toBe(3);
  });

  it('NodeAgent runs one pod on every node, the tainted GPU node included', async () => {
    const c = cluster();
    const ns = 'e2e-agent';
    const dir = synthStack('agent', { namespace: ns }, (stack) => {
      new Namespace(stack, 'Namespace', { metadata: { name: ns } });
      new NodeAgent(stack, 'log-agent', { image: 'fluent/fluent-bit:3.1.9' });
    });
    const r = await applyStack(dir, c.kubeconfig);
    expect(r.code).toBe(0);
    const nodes = (await c.kubectlJson(['get', 'nodes'])).items.map((n: any) => n.metadata.name).sort();
    expect(nodes.some((n: string) => n.startsWith('gpu-node'))).toBe(true);
    const pods = await c.kubectlJson(['-n', ns, 'get', 'pods', '-l', 'app.kubernetes.io/instance=log-agent']);
    expect(pods.items.map((p: any) => p.spec.nodeName).sort()).toEqual(nodes);
    expect(pods.items.every((p: any) => p.spec.priorityClassName === 'system-node-critical')).toBe(true);
  });

  it('TeamNamespace enforces its quota and limit defaults', async () => {
    const c = cluster();
    const dir = synthStack('team', {}, (stack) => {
      new TeamNamespace(stack, 'e2e-team', { team: 'payments', quota: { pods: 2 } });
    });
    const r = await applyStack(dir, c.kubeconfig);
    expect(r.code).toBe(0);
    const pod = (name: string) => ({
      apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'e2e-team' },
      spec: {
        securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [{ name: 'c', image: 'busybox:1.37', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
      },
    });
    await c.apply(pod('one'));
    const one = await c.kubectlJson(['-n', 'e2e-team', 'get', 'pod', 'one']);
    // LimitRange defaults filled in what the pod left out.
    expect(one.spec.containers[0].resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
    await c.apply(pod('two'));
    await expect(c.apply(pod('three'))).rejects.toThrow(/exceeded quota: e2e-team-quota/);
    // Pod Security "restricted" is enforced.
    const privileged = { ...pod('root'), spec: { containers: [{ name: 'c', image: 'busybox:1.37', securityContext: { privileged: true } }] } };
    await expect(c.apply(privileged)).rejects.toThrow(/violates PodSecurity "restricted/);
    const sa = await c.kubectlJson(['-n', 'e2e-team', 'get', 'rolebinding', 'payments-edit']);
    expect(sa.subjects[0]).toEqual({ kind: 'ServiceAccount', name: 'payments-deployer', namespace: 'e2e-team' });
  });
});
