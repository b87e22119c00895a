import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { recommendedLabels, selectorLabels } from '../../labels';
import { checkName, constructError } from '../../errors';
import { envList, port, resourceRequirements, type Resources } from '../k8s-helpers';

export interface NodeAgentHostPath {
  /** Path on the node. */
  readonly hostPath: string;
  /** Path in the container (default: the same as hostPath). */
  readonly mountPath?: string;
  /** Mount it writable (default: read-only). */
  readonly writable?: boolean;
}

export interface NodeAgentProps {
  readonly name?: string;
  readonly namespace?: string;
  readonly image: string;
  readonly version?: string;
  readonly args?: string[];
  readonly env?: Record<string, string>;
  /** Node paths mounted into the agent, read-only unless `writable`. Default `/var/log`. */
  readonly hostPaths?: NodeAgentHostPath[];
  /**
   * PriorityClass of the agent pods. Default `system-node-critical`, so agents are not evicted
   * before ordinary pods; give your own class (e.g. from `PriorityClass`) to rank them otherwise.
   */
  readonly priorityClassName?: string;
  readonly resources?: Resources;
  /** Run on every node including tainted ones (control plane, GPU, NoExecute). Default true. */
  readonly tolerateAllTaints?: boolean;
  /** Only nodes with these labels (default: every node). */
  readonly nodeSelector?: Record<string, string>;
  /** Rolling update: nodes updated at once. Default `10%`. */
  readonly maxUnavailable?: string | number;
  /** A metrics port exposed by the agent (named `metrics`). */
  readonly metricsPort?: number;
  readonly serviceAccountName?: string;
}

/**
 * A per-node agent (log shipper, metrics exporter): a DaemonSet on every node, tainted ones
 * included, with read-only hostPath mounts, a priority class and resource limits.
 */
export class NodeAgent extends Construct {
  public readonly name: string;
  public readonly daemonSet: k8s.KubeDaemonSet;

  constructor(scope: Construct, id: string, props: NodeAgentProps) {
    super(scope, id);
    this.name = checkName(this, 'name', props.name ?? id);
    if (!props.image) throw constructError(this, 'image', 'is required');
    const host = this.hostPathVolumes(props.hostPaths ?? [{ hostPath: '/var/log' }]);
    this.daemonSet = this.buildDaemonSet(props, host);
  }

  /** One pod per node, tainted nodes included unless `tolerateAllTaints` is false. */
  private buildDaemonSet(props: NodeAgentProps, host: { volumes: k8s.Volume[]; mounts: k8s.VolumeMount[] }): k8s.KubeDaemonSet {
    const app = { name: this.name, instance: this.name, version: props.version, component: 'node-agent' };
    const labels = recommendedLabels(app);
    return new k8s.KubeDaemonSet(this, 'DaemonSet', {
      metadata: { name: this.name, namespace: props.namespace ?? Chart.of(this).namespace, labels },
      spec: {
        selector: { matchLabels: selectorLabels(app) },
        revisionHistoryLimit: 5,
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: port(props.maxUnavailable ?? '10%') } },
        template: {
          metadata: { labels },
          spec: {
            priorityClassName: props.priorityClassName ?? 'system-node-critical',
            serviceAccountName: props.serviceAccountName,
            automountServiceAccountToken: props.serviceAccountName !== undefined,
            nodeSelector: props.nodeSelector,
            // An empty key with operator Exists tolerates every taint.
            tolerations: props.tolerateAllTaints === false ? undefined : [{ operator: 'Exists' }],
            terminationGracePeriodSeconds: 30,
            securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
            containers: [agentContainer(props, host.mounts)],
            volumes: host.volumes,
          },
        },
      },
    });
  }

  /** One `host-<i>` volume and mount per host path, read-only unless `writable`. */
  private hostPathVolumes(hostPaths: NodeAgentHostPath[]): { volumes: k8s.Volume[]; mounts: k8s.VolumeMount[] } {
    const volumes: k8s.Volume[] = [];
    const mounts: k8s.VolumeMount[] = [];
    hostPaths.forEach((h, i) => {
      if (!h.hostPath.startsWith('/')) throw constructError(this, `hostPaths[${i}].hostPath`, `"${h.hostPath}" must be absolute`);
      const vol = `host-${i}`;
      volumes.push({ name: vol, hostPath: { path: h.hostPath, type: 'Directory' } });
      mounts.push({ name: vol, mountPath: h.mountPath ?? h.hostPath, readOnly: !h.writable });
    });
    return { volumes, mounts };
  }
}

const DEFAULT_RESOURCES: Resources = { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '256Mi' } };

/** The `agent` container: knows its node (`NODE_NAME`), no privilege, read-only root. */
function agentContainer(props: NodeAgentProps, volumeMounts: k8s.VolumeMount[]): k8s.Container {
  return {
    name: 'agent',
    image: props.image,
    args: props.args,
    env: [
      { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      ...(envList(props.env) ?? []),
    ],
    ports: props.metricsPort ? [{ name: 'metrics', containerPort: props.metricsPort, protocol: 'TCP' }] : undefined,
    resources: resourceRequirements(props.resources ?? DEFAULT_RESOURCES),
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    volumeMounts,
  };
}
