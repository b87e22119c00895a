import type { SynthObject } from '../../synth/types';
import type { Reporter } from '../context';
import type { ExternalObjects } from '../options';
import type { AppIndex } from './app-index';
import { namespaceOf } from './pods';

type Segments = Array<string | number>;
const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);
const GATEWAY_ROUTES = new Set(['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute']);

interface Backend { name: unknown; namespace: string; port: unknown; field: Segments }

/** Backends of an Ingress (Services only) or a Gateway API route (backendRefs of kind Service). */
function backendsOf(m: Record<string, any>): Backend[] {
  const ns = namespaceOf(m);
  const out: Backend[] = [];
  if (m.kind === 'Ingress' && String(m.apiVersion).startsWith('networking.k8s.io/')) {
    const svc = (b: any, at: Segments) => {
      if (!b?.service) return;
      const port = b.service.port?.name || b.service.port?.number;
      out.push({ name: b.service.name, namespace: ns, port, field: [...at, 'service'] });
    };
    svc(m.spec?.defaultBackend, ['spec', 'defaultBackend']);
    list(m.spec?.rules).forEach((r, i) => list(r?.http?.paths).forEach((p, j) => svc(p?.backend, ['spec', 'rules', i, 'http', 'paths', j, 'backend'])));
  } else if (GATEWAY_ROUTES.has(m.kind) && String(m.apiVersion).startsWith('gateway.networking.k8s.io/')) {
    list(m.spec?.rules).forEach((r, i) => list(r?.backendRefs).forEach((b, j) => {
      if ((b?.kind ?? 'Service') !== 'Service' || (b?.group ?? '') !== '') return;
      out.push({ name: b.name, namespace: b.namespace ?? ns, port: b.port, field: ['spec', 'rules', i, 'backendRefs', j] });
    }));
  }
  return out;
}

/**
 * Ingress and Gateway route backends name a Service the stack declares (or lists as external), on
 * a port that Service exposes: otherwise the route answers 503 for every request.
 */
export function checkBackends(index: AppIndex, external: ExternalObjects, reporter: Reporter): void {
  for (const obj of index.objects) {
    const m = obj.manifest;
    if (!m || typeof m !== 'object') continue;
    for (const b of backendsOf(m)) {
      if (typeof b.name !== 'string' || b.name === '') continue;
      const svc = index.get(obj.stack, 'Service', b.namespace, b.name);
      if (!svc) {
        if (!isExternal(external.services, b.name, b.namespace)) {
          reporter.report(obj, 'backend', [...b.field, 'name'],
            `Service "${b.name}" is not declared in the app in namespace "${b.namespace}" nor listed as external (external.services)`);
        }
        continue;
      }
      if (b.port === undefined || b.port === '') continue;
      if (!servicePorts(svc).some((p) => p.port === b.port || (typeof b.port === 'string' && p.name === b.port))) {
        reporter.report(obj, 'backend', [...b.field, 'port'], `Service "${b.name}" exposes no port ${typeof b.port === 'string' ? `named "${b.port}"` : b.port}`);
      }
    }
  }
}

const servicePorts = (svc: SynthObject): Array<{ port: unknown; name: unknown }> =>
  list(svc.manifest.spec?.ports).map((p) => ({ port: p?.port, name: p?.name }));

function isExternal(ext: ExternalObjects['services'], name: string, namespace: string): boolean {
  return (ext ?? []).some((e) => (typeof e === 'string' ? e === name : e.name === name && (e.namespace === undefined || e.namespace === namespace)));
}
