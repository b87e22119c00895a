import type { KObject, StatusContext, StatusResult } from './types';

// An Ingress is Current once a controller published its address (Argo CD's rule). When the cluster
// has no matching IngressClass, no controller will ever publish one: Current, saying so.
// `kapstan.io/wait: "false"` also skips waiting (e.g. a controller that never writes status).
export function ingressStatus(obj: KObject, ctx?: StatusContext): StatusResult {
  const ingress: Array<{ ip?: string; hostname?: string }> = obj.status?.loadBalancer?.ingress ?? [];
  if (ingress.length) return { status: 'Current', message: `address ${ingress.map((i) => i.ip ?? i.hostname).join(', ')}` };
  if (ctx?.ingressClassExists === false) {
    const name = ingressClassName(obj);
    return { status: 'Current', message: `no IngressClass ${name ? `"${name}" ` : ''}in the cluster: no address will be published` };
  }
  return { status: 'InProgress', message: 'waiting for the ingress controller to publish an address' };
}

/** spec.ingressClassName, or the legacy kubernetes.io/ingress.class annotation. */
export function ingressClassName(obj: KObject): string | undefined {
  return obj.spec?.ingressClassName ?? obj.metadata?.annotations?.['kubernetes.io/ingress.class'];
}
