import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { recommendedLabels, selectorLabels } from '../../labels';
import { checkName, checkPositiveInt, constructError } from '../../errors';
import { envList, q, resourceRequirements, restrictedContainer } from '../k8s-helpers';
import { Service } from '../../networking/service';

export const GPU_RESOURCE = 'nvidia.com/gpu';
/** Label set on GPU nodes by NVIDIA GPU feature discovery. */
export const DEFAULT_GPU_NODE_SELECTOR = { 'nvidia.com/gpu.present': 'true' };
/** The taint GPU node pools usually carry. */
export const DEFAULT_GPU_TOLERATIONS: k8s.Toleration[] = [{ key: GPU_RESOURCE, operator: 'Exists', effect: 'NoSchedule' }];

export interface TrainingJobProps {
  readonly name?: string;
  readonly namespace?: string;
  readonly image: string;
  readonly command?: string[];
  readonly args?: string[];
  readonly env?: Record<string, string>;
  /** Number of workers (completions = parallelism). Default 2. */
  readonly workers?: number;
  /** GPUs per worker (`nvidia.com/gpu`); 0 for a CPU-only run. Default 1. */
  readonly gpusPerWorker?: number;
  readonly cpu?: string;
  readonly memory?: string;
  /** Size of the in-memory /dev/shm (data loaders need more than the 64Mi default). Default `1Gi`. */
  readonly sharedMemory?: string;
  /** Port workers rendezvous on (rank 0 listens). Default 29500. */
  readonly rendezvousPort?: number;
  readonly gpuNodeSelector?: Record<string, string>;
  readonly tolerations?: k8s.Toleration[];
  /** Retries of a failed worker (per index). Default 2. */
  readonly backoffLimitPerIndex?: number;
  readonly activeDeadlineSeconds?: number;
  /** Delete the finished Job after this many seconds. Default 86400. */
  readonly ttlSecondsAfterFinished?: number;
  readonly priorityClassName?: string;
  readonly serviceAccountName?: string;
}

/**
 * Distributed training: an Indexed Job of N workers with a headless Service for discovery
 * (`<name>-<index>.<name>-workers`), GPU requests, GPU node placement, and the usual
 * RANK / WORLD_SIZE / MASTER_ADDR / MASTER_PORT environment.
 */
export class TrainingJob extends Construct {
  public readonly name: string;
  public readonly serviceName: string;
  public readonly job: k8s.KubeJob;
  private readonly namespace?: string;
  private readonly labels: Record<string, string>;

  constructor(scope: Construct, id: string, props: TrainingJobProps) {
    super(scope, id);
    const name = checkName(this, 'name', props.name ?? id, 40);
    if (!props.image) throw constructError(this, 'image', 'is required');
    const workers = checkPositiveInt(this, 'workers', props.workers ?? 2);
    const gpus = checkPositiveInt(this, 'gpusPerWorker', props.gpusPerWorker ?? 1, 0);
    const rdzvPort = props.rendezvousPort ?? 29500;
    this.namespace = props.namespace ?? Chart.of(this).namespace;
    this.name = name;
    this.serviceName = `${name}-workers`;
    const app = { name, instance: name, component: 'training' };
    this.labels = recommendedLabels(app);

    this.buildWorkersService(selectorLabels(app), rdzvPort);
    this.job = this.buildJob(props, workers, gpus, rdzvPort);
  }

  /** The headless Service that gives each worker a stable DNS name (`<name>-<index>.<service>`). */
  private buildWorkersService(selector: Record<string, string>, rdzvPort: number): void {
    new Service(this, 'Workers', {
      metadata: { name: this.serviceName, namespace: this.namespace, labels: this.labels },
      headless: true,
      // Workers must resolve each other while they start, before any readiness.
      publishNotReadyAddresses: true,
      selector: { labels: selector },
      ports: [{ name: 'rendezvous', port: rdzvPort, targetPort: 'rendezvous' }],
    });
  }

  /** An Indexed Job: one pod per worker, the completion index is the rank. */
  private buildJob(props: TrainingJobProps, workers: number, gpus: number, rdzvPort: number): k8s.KubeJob {
    return new k8s.KubeJob(this, 'Job', {
      metadata: { name: this.name, namespace: this.namespace, labels: this.labels },
      spec: {
        completionMode: 'Indexed',
        completions: workers,
        parallelism: workers,
        backoffLimitPerIndex: props.backoffLimitPerIndex ?? 2,
        maxFailedIndexes: 0,
        activeDeadlineSeconds: props.activeDeadlineSeconds,
        ttlSecondsAfterFinished: props.ttlSecondsAfterFinished ?? 86400,
        template: {
          metadata: { labels: this.labels },
          spec: {
            restartPolicy: 'Never',
            subdomain: this.serviceName,
            serviceAccountName: props.serviceAccountName,
            automountServiceAccountToken: props.serviceAccountName !== undefined,
            priorityClassName: props.priorityClassName,
            nodeSelector: gpus > 0 ? (props.gpuNodeSelector ?? DEFAULT_GPU_NODE_SELECTOR) : props.gpuNodeSelector,
            tolerations: gpus > 0 ? (props.tolerations ?? DEFAULT_GPU_TOLERATIONS) : props.tolerations,
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [this.workerContainer(props, workers, gpus, rdzvPort)],
            volumes: [{ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: q(props.sharedMemory ?? '1Gi') } }],
          },
        },
      },
    });
  }

  /** The `worker` container: torch.distributed's env (rank, world size, master), GPUs as request and limit. */
  private workerContainer(props: TrainingJobProps, workers: number, gpus: number, rdzvPort: number): k8s.Container {
    const gpuRes = gpus > 0 ? { [GPU_RESOURCE]: gpus } : undefined;
    const env: k8s.EnvVar[] = [
      { name: 'RANK', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } },
      { name: 'WORLD_SIZE', value: String(workers) },
      { name: 'MASTER_ADDR', value: `${this.name}-0.${this.serviceName}` },
      { name: 'MASTER_PORT', value: String(rdzvPort) },
      ...(envList(props.env) ?? []),
    ];
    return {
      name: 'worker',
      image: props.image,
      command: props.command,
      args: props.args,
      env,
      ports: [{ name: 'rendezvous', containerPort: rdzvPort, protocol: 'TCP' }],
      resources: resourceRequirements({
        requests: { cpu: props.cpu ?? '4', memory: props.memory ?? '16Gi', extended: gpuRes },
        limits: { cpu: props.cpu ?? '4', memory: props.memory ?? '16Gi', extended: gpuRes },
      }),
      securityContext: restrictedContainer(false),
      volumeMounts: [{ name: 'dshm', mountPath: '/dev/shm' }],
    };
  }
}
