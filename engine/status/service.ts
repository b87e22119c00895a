import type { KObject, StatusResult } from './types';

// Services are ready at creation, except a LoadBalancer which waits for its external address.
export function serviceStatus(obj: KObject): StatusResult {
  const type: string = obj.spec?.type ?? 'ClusterIP';
  if (type !== 'LoadBalancer') return { status: 'Current', message: `${type} service` };
  const ingress: Array<{ ip?: string; hostname?: string }> = obj.status?.loadBalancer?.ingress ?? [];
  if (ingress.length === 0) return { status: 'InProgress', message: 'waiting for a load balancer address' };
  return { status: 'Current', message: `load balancer at ${ingress.map((i) => i.ip ?? i.hostname).join(', ')}` };
}
