import { describe, getCondition } from './conditions';
import type { KObject, StatusResult } from './types';

// The aggregator's reasons for Available=False while the backing Service simply has no ready
// endpoints yet: its pods are still starting, so this is progress, not failure.
const STARTING = new Set(['MissingEndpoints', 'EndpointsNotFound', 'ServiceNotFound']);

// An APIService serves its group once the aggregator reports Available=True. Available=False for
// any other reason (FailedDiscoveryCheck: the backend does not answer; ServicePortError…) is a
// failure naming the Service; without failFast the tracker keeps waiting for it to recover.
export function apiServiceStatus(obj: KObject): StatusResult {
  const available = getCondition(obj, 'Available');
  const svc = obj.spec?.service;
  const backend = svc?.name ? `service ${svc.namespace ?? 'default'}/${svc.name}` : 'local';
  if (available?.status === 'True') return { status: 'Current', message: `available (${backend})` };
  if (!available || available.status === 'Unknown') {
    return { status: 'InProgress', message: `waiting for the aggregator to check ${backend}${available ? `: ${describe(available)}` : ''}` };
  }
  const reason = available.reason ?? 'Unavailable';
  if (STARTING.has(reason)) return { status: 'InProgress', message: `waiting for ${backend}: ${describe(available)}` };
  return { status: 'Failed', reason, message: `${backend} unavailable: ${describe(available)}` };
}
