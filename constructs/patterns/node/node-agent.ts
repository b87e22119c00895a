import { Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { checkName, constructError } from '../../errors';
import type { Resources } from '../pod-style';
import { PATTERN_POD_STYLE, quantities, sortedEnv } from '../pod-style';
import type { ContainerProps } from '../../workloads/container';
import { DaemonSet, DaemonSetUpdateStrategy } from '../../workloads/daemon-set';

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
  public readonly daemonSet: DaemonSet;

  constructor(scope: Construct, id: string, props: NodeAgentProps) {
    super(scope, id);
    this.name = checkName(this, 'name', props.name ?? id);
    if (!props.image) throw constructError(this, 'image', 'is required');
    const host = this.hostPathVolumes(props.hostPaths ?? [{ hostPath: '/var/log' }]);
    this.daemonSet = this.buildDaemonSet(props, host);
  }

  /** One pod per node, tainted nodes included unless `tolerateAllTaints` is false. */
  private buildDaemonSet(props: NodeAgentProps, host: HostMounts): DaemonSet {
    return new DaemonSet(this, 'DaemonSet', {
      metadata: { name: this.name, namespace: props.namespace ?? Chart.of(this).namespace },
      app: { name: this.name, instance: this.name, version: props.version, component: 'node-agent' },
      revisionHistoryLimit: 5,
      updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: percentOrAbsolute(props.maxUnavailable ?? '10%') }),
      ...PATTERN_POD_STYLE,
      priorityClass: props.priorityClassName ?? 'system-node-critical',
      serviceAccount: props.serviceAccountName,
      automountServiceAccountToken: props.serviceAccountName !== undefined,
      nodeSelector: props.nodeSelector,
      // Tolerates every taint (an empty key with operator Exists).
      tolerateAll: props.tolerateAllTaints !== false,
      terminationGracePeriod: Duration.seconds(30),
      // Agents often read files only root may read: the pod does not require non-root.
      securityContext: { ensureNonRoot: false },
      containers: [agentContainer(props, host.mounts)],
    });
  }

  /** One `host-<i>` volume and mount per host path, read-only unless `writable`. */
  private hostPathVolumes(hostPaths: NodeAgentHostPath[]): HostMounts {
    const mounts = hostPaths.map((h, i) => {
      if (!h.hostPath.startsWith('/')) throw constructError(this, `hostPaths[${i}].hostPath`, `"${h.hostPath}" must be absolute`);
      const volume = kplus.Volume.fromHostPath(this, `host-${i}`, `host-${i}`, { path: h.hostPath, type: kplus.HostPathVolumeType.DIRECTORY });
      return { volume, path: h.mountPath ?? h.hostPath, readOnly: !h.writable };
    });
    return { mounts };
  }
}

interface HostMounts {
  readonly mounts: kplus.VolumeMount[];
}

const DEFAULT_RESOURCES: Resources = { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '256Mi' } };

/** A count (`1`) or a percentage (`'10%'`), as Kubernetes reads maxUnavailable. */
function percentOrAbsolute(v: string | number): kplus.PercentOrAbsolute {
  return typeof v === 'number' ? kplus.PercentOrAbsolute.absolute(v) : kplus.PercentOrAbsolute.percent(Number(v.replace(/%$/, '')));
}

/** The `agent` container: knows its node (`NODE_NAME`), no privilege, read-only root. */
function agentContainer(props: NodeAgentProps, volumeMounts: kplus.VolumeMount[]): ContainerProps {
  return {
    name: 'agent',
    image: props.image,
    args: props.args,
    env: { NODE_NAME: { fieldPath: kplus.EnvFieldPaths.NODE_NAME }, ...sortedEnv(props.env) },
    ports: props.metricsPort ? [{ name: 'metrics', number: props.metricsPort, protocol: kplus.Protocol.TCP }] : undefined,
    quantities: quantities(props.resources ?? DEFAULT_RESOURCES),
    // No seccomp profile of its own: the pod's RuntimeDefault applies.
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, ensureNonRoot: false, capabilities: { drop: [kplus.Capability.ALL] }, seccompProfile: undefined },
    volumeMounts,
  };
}
