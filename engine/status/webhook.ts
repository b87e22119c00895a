import type { KObject, StatusResult } from './types';

// Validating and mutating webhook configurations have no status: the API server uses them as soon
// as they are stored. The message says how many webhooks and which Services they call.
export function webhookStatus(obj: KObject): StatusResult {
  const webhooks: any[] = Array.isArray(obj.webhooks) ? obj.webhooks : [];
  const services = [...new Set(webhooks.map((w) => w?.clientConfig?.service).filter(Boolean).map((s) => `${s.namespace}/${s.name}`))];
  const calls = services.length ? `, calling ${services.join(', ')}` : '';
  return { status: 'Current', message: `${webhooks.length} webhook${webhooks.length === 1 ? '' : 's'} registered${calls}` };
}
