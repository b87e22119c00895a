import type { KObject, StatusResult } from './types';

// An Ingress is Current once a controller published its address (Argo CD's rule). Clusters without
// an ingress controller never publish one: annotate `kapstan.io/wait: "false"` to skip waiting.
export function ingressStatus(obj: KObject): StatusResult {
  const ingress: Array<{ ip?: string; hostname?: string }> = obj.status?.loadBalancer?.ingress ?? [];
  if (ingress.length === 0) return { status: 'InProgress', message: 'waiting for the ingress controller to publish an address' };
  return { status: 'Current', message: `address ${ingress.map((i) => i.ip ?? i.hostname).join(', ')}` };
}
