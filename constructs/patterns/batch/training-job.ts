import { Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { recommendedLabels, selectorLabels } from '../../labels';
import { checkName, checkPositiveInt, constructError } from '../../errors';
import { PATTERN_POD_STYLE, quantities, restrictedContainerProps, sortedEnv } from '../pod-style';
import type { ContainerProps } from '../../workloads/container';
import { Job } from '../../workloads/job';
import { CompletionMode } from '../../workloads/job-options';
import { emptyDirVolume } from '../../workloads/volumes';
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
  public readonly job: Job;
  private readonly namespace?: string;
  private readonly labels: Record<string, string>;
  private readonly app: { name: string; instance: string; component: string };

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
    this.app = { name, instance: name, component: 'training' };
    this.labels = recommendedLabels(this.app);

    this.buildWorkersService(selectorLabels(this.app), rdzvPort);
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
  private buildJob(props: TrainingJobProps, workers: number, gpus: number, rdzvPort: number): Job {
    const shm = emptyDirVolume(this, 'Shm', 'dshm', { medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: props.sharedMemory ?? '1Gi' });
    const tolerations = gpus > 0 ? (props.tolerations ?? DEFAULT_GPU_TOLERATIONS) : props.tolerations;
    return new Job(this, 'Job', {
      metadata: { name: this.name, namespace: this.namespace },
      app: this.app,
      completionMode: CompletionMode.INDEXED,
      completions: workers,
      parallelism: workers,
      backoffLimitPerIndex: props.backoffLimitPerIndex ?? 2,
      maxFailedIndexes: 0,
      activeDeadline: props.activeDeadlineSeconds === undefined ? undefined : Duration.seconds(props.activeDeadlineSeconds),
      ttlAfterFinished: Duration.seconds(props.ttlSecondsAfterFinished ?? 86400),
      ...PATTERN_POD_STYLE,
      dns: { subdomain: this.serviceName },
      serviceAccount: props.serviceAccountName,
      automountServiceAccountToken: props.serviceAccountName !== undefined,
      priorityClass: props.priorityClassName,
      nodeSelector: gpus > 0 ? (props.gpuNodeSelector ?? DEFAULT_GPU_NODE_SELECTOR) : props.gpuNodeSelector,
      tolerations: tolerations?.map(toTaintQuery),
      containers: [this.workerContainer(props, workers, gpus, rdzvPort, shm)],
    });
  }

  /** The `worker` container: torch.distributed's env (rank, world size, master), GPUs as request and limit. */
  private workerContainer(props: TrainingJobProps, workers: number, gpus: number, rdzvPort: number, shm: kplus.Volume): ContainerProps {
    const gpuRes = gpus > 0 ? { [GPU_RESOURCE]: gpus } : undefined;
    const amount = { cpu: props.cpu ?? '4', memory: props.memory ?? '16Gi', extended: gpuRes };
    return {
      name: 'worker',
      image: props.image,
      command: props.command,
      args: props.args,
      env: {
        RANK: { fieldPath: kplus.EnvFieldPaths.POD_ANNOTATION, key: 'batch.kubernetes.io/job-completion-index' },
        WORLD_SIZE: String(workers),
        MASTER_ADDR: `${this.name}-0.${this.serviceName}`,
        MASTER_PORT: String(rdzvPort),
        ...sortedEnv(props.env),
      },
      ports: [{ name: 'rendezvous', number: rdzvPort, protocol: kplus.Protocol.TCP }],
      quantities: quantities({ requests: amount, limits: amount }),
      // Training frameworks write caches and checkpoints next to the code.
      securityContext: restrictedContainerProps(false),
      volumeMounts: [{ volume: shm, path: '/dev/shm' }],
    };
  }
}

/** A low-level toleration as the taint query Kapstan's scheduling props take. */
function toTaintQuery(t: k8s.Toleration): kplus.NodeTaintQuery {
  const options = { effect: t.effect as kplus.TaintEffect | undefined, evictAfter: t.tolerationSeconds === undefined ? undefined : Duration.seconds(t.tolerationSeconds) };
  if (t.operator === 'Exists') return t.key ? kplus.NodeTaintQuery.exists(t.key, options) : kplus.NodeTaintQuery.any();
  return kplus.NodeTaintQuery.is(t.key ?? '', t.value ?? '', options);
}
