import type { Reporter } from '../context';
import type { AppIndex } from './app-index';
import { serviceSelector } from './labels';
import { containerPorts, containersOf, namespaceOf, type PodTemplate } from './pods';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;

/** Containers that serve traffic: app containers and sidecars (restartable init containers). */
const serving = (t: PodTemplate) => containersOf(t).filter((c) => !c.init || c.container.restartPolicy === 'Always');

const portText = (p: number | string) => (typeof p === 'number' ? String(p) : `"${p}"`);

/** Service target ports are exposed by a selected container; probe ports exist on their container. */
export function checkPorts(index: AppIndex, reporter: Reporter): void {
  for (const obj of index.objects) {
    const m = obj.manifest;
    if (m?.kind !== 'Service' || m.apiVersion !== 'v1' || !m.spec?.selector || typeof m.spec.selector !== 'object') continue;
    const pods = index.podsSelectedBy(obj.stack, namespaceOf(m), serviceSelector(m));
    if (pods.length === 0) continue; // reported by the selector check
    const exposed = pods.flatMap(serving).map((c) => containerPorts(c.container));
    (Array.isArray(m.spec.ports) ? m.spec.ports : []).forEach((p: any, i: number) => {
      const target = p?.targetPort ?? p?.port;
      if (typeof target !== 'number' && typeof target !== 'string') return;
      const found = exposed.some((e) => (typeof target === 'number' ? e.numbers.has(target) : e.names.has(target)));
      if (!found) {
        const field = ['spec', 'ports', i, p?.targetPort !== undefined ? 'targetPort' : 'port'];
        reporter.report(obj, 'service-port', field, `targets port ${portText(target)}, which no selected container exposes`);
      }
    });
  }
  for (const t of index.templates) {
    for (const c of containersOf(t)) {
      const ports = containerPorts(c.container);
      for (const probe of PROBES) {
        for (const handler of HANDLERS) {
          const port = c.container[probe]?.[handler]?.port;
          if (typeof port !== 'number' && typeof port !== 'string') continue;
          const ok = typeof port === 'number' ? ports.numbers.has(port) : ports.names.has(port);
          if (!ok) {
            reporter.report(t.obj, 'probe-port', [...c.path, probe, handler, 'port'],
              `probe port ${portText(port)} is not a port of container "${c.container.name}"`);
          }
        }
      }
    }
  }
}
