import { KUBELET_PORT } from './components';

/** What nodes a dev cluster gets. Nodes are spread round-robin over the zones. */
export interface NodePlan {
  nodes: number;
  gpuNodes: number;
  zones: string[];
  region: string;
  /** nvidia.com/gpu capacity of each GPU node. */
  gpusPerNode: number;
}

/** The i-th node's InternalIP in NODE_CIDR (10.0.0.0/16), from 10.0.0.10 on. */
export function nodeAddress(i: number): string {
  const n = 10 + i;
  return `10.0.${n >> 8}.${n & 255}`;
}

export const GPU_RESOURCE = 'nvidia.com/gpu';
/** GPU nodes carry this taint, as managed GPU node pools usually do. */
export const GPU_TAINT = { key: GPU_RESOURCE, value: 'present', effect: 'NoSchedule' } as const;

/**
 * Node objects for kwok to manage (its annotation selector picks them up). The kubelet would
 * register capacity and addresses in status; kwok's node stage then marks them Ready.
 */
export function nodeManifests(plan: NodePlan): object[] {
  const out: object[] = [];
  const total = plan.nodes + plan.gpuNodes;
  for (let i = 0; i < total; i++) {
    const gpu = i >= plan.nodes;
    const name = gpu ? `gpu-node-${i - plan.nodes + 1}` : `node-${i + 1}`;
    const zone = plan.zones[i % plan.zones.length];
    const capacity: Record<string, string> = { cpu: '16', memory: '64Gi', pods: '110', 'ephemeral-storage': '100Gi' };
    if (gpu) capacity[GPU_RESOURCE] = String(plan.gpusPerNode);
    out.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
        labels: {
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'node.kubernetes.io/instance-type': gpu ? 'kwok-gpu' : 'kwok',
          'topology.kubernetes.io/region': plan.region,
          'topology.kubernetes.io/zone': zone,
          type: 'kwok',
          // nvidia.com/gpu.present is what NVIDIA's GPU feature discovery sets on real GPU nodes.
          ...(gpu ? { 'kapstan.dev/gpu': 'true', 'nvidia.com/gpu.present': 'true' } : {}),
        },
      },
      spec: {
        podCIDR: `10.244.${i}.0/24`,
        podCIDRs: [`10.244.${i}.0/24`],
        ...(gpu ? { taints: [GPU_TAINT] } : {}),
      },
      status: {
        capacity,
        allocatable: capacity,
        addresses: [
          { type: 'InternalIP', address: nodeAddress(i) },
          { type: 'Hostname', address: name },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: KUBELET_PORT } },
      },
    });
  }
  return out;
}
