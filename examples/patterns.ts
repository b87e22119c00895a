// The platform patterns, one stack each, with production defaults and a few overrides.
import type { Construct } from 'constructs';
import { CanaryRelease, NodeAgent, TeamNamespace, TrainingJob, WebService } from '../constructs';
import { Stack } from '../stacks';

/** WebService: Deployment + Service + HPA + PDB + probes + zone spread + Ingress + NetworkPolicy. */
export function webServicePatternExample(scope: Construct): Stack {
  const stack = new Stack(scope, 'catalog', { namespace: 'catalog' });
  new WebService(stack, 'catalog-api', {
    image: 'ghcr.io/acme/catalog:5.0.2',
    version: '5.0.2',
    minReplicas: 3,
    maxReplicas: 20,
    env: { LOG_FORMAT: 'json' },
    ingress: { host: 'catalog.example.com', tlsSecretName: 'catalog-tls' },
    networkPolicy: { allowFromNamespaces: [{ 'kubernetes.io/metadata.name': 'ingress-nginx' }] },
  });
  return stack;
}

/** CanaryRelease: 10% of requests to 1.1.0 through an ingress-nginx canary Ingress. */
export function canaryExample(scope: Construct): Stack {
  const stack = new Stack(scope, 'checkout', { namespace: 'checkout-web' });
  new CanaryRelease(stack, 'checkout', {
    stable: { image: 'ghcr.io/acme/checkout:1.0.0', version: '1.0.0', replicas: 4 },
    canary: { image: 'ghcr.io/acme/checkout:1.1.0', version: '1.1.0', replicas: 1 },
    traffic: { type: 'ingress-nginx', weight: 10, host: 'checkout.example.com' },
  });
  return stack;
}

/** TrainingJob: 4 workers with 2 GPUs each on GPU nodes. */
export function trainingExample(scope: Construct): Stack {
  const stack = new Stack(scope, 'training', { namespace: 'ml' });
  new TrainingJob(stack, 'resnet50', {
    image: 'ghcr.io/acme/trainer:2.4.0',
    command: ['torchrun', '--nnodes=4', '--nproc-per-node=2', 'train.py'],
    workers: 4,
    gpusPerWorker: 2,
    cpu: '8',
    memory: '32Gi',
    sharedMemory: '8Gi',
    activeDeadlineSeconds: 6 * 3600,
  });
  return stack;
}

/** NodeAgent: a metrics exporter on every node. */
export function nodeAgentExample(scope: Construct): Stack {
  const stack = new Stack(scope, 'monitoring', { namespace: 'monitoring' });
  new NodeAgent(stack, 'node-exporter', {
    image: 'quay.io/prometheus/node-exporter:v1.8.2',
    version: '1.8.2',
    args: ['--path.procfs=/host/proc', '--path.sysfs=/host/sys'],
    hostPaths: [{ hostPath: '/proc', mountPath: '/host/proc' }, { hostPath: '/sys', mountPath: '/host/sys' }],
    metricsPort: 9100,
  });
  return stack;
}

/** TeamNamespace: everything a team gets with its namespace, in one construct. */
export function teamNamespacePatternExample(scope: Construct): Stack {
  const stack = new Stack(scope, 'team-payments', {});
  new TeamNamespace(stack, 'payments', {
    team: 'payments',
    quota: { requestsCpu: '16', limitsCpu: '32', extra: { 'requests.nvidia.com/gpu': 2 } },
    groups: ['payments-developers'],
    allowFromNamespaces: ['ingress-nginx'],
  });
  return stack;
}
