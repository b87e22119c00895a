import type { Reporter } from '../context';
import type { AppIndex } from './app-index';
import { namespaceOf } from './pods';

/**
 * A StatefulSet's governing Service (spec.serviceName) is a headless Service the stack declares:
 * without it the pods get no stable DNS names (`<pod>.<service>`), which is why one uses a
 * StatefulSet. A Service listed in `external.services` counts as declared.
 */
export function checkStatefulSetServices(index: AppIndex, external: { services?: Array<string | { name: string; namespace?: string }> }, reporter: Reporter): void {
  for (const obj of index.objects) {
    const m = obj.manifest;
    if (m?.kind !== 'StatefulSet' || m.apiVersion !== 'apps/v1') continue;
    const name = m.spec?.serviceName;
    if (typeof name !== 'string' || name === '') continue;
    const ns = namespaceOf(m);
    const svc = index.get(obj.stack, 'Service', ns, name);
    if (!svc) {
      const ext = (external.services ?? []).some((e) => (typeof e === 'string' ? e === name : e.name === name && (e.namespace === undefined || e.namespace === ns)));
      if (!ext) reporter.report(obj, 'statefulset-service', ['spec', 'serviceName'], `governing Service "${name}" is not declared in the app in namespace "${ns}" nor listed as external (external.services)`);
    } else if (svc.manifest.spec?.clusterIP !== 'None') {
      reporter.report(obj, 'statefulset-service', ['spec', 'serviceName'], `governing Service "${name}" is not headless (spec.clusterIP: None), so its pods get no stable DNS names`);
    }
  }
}
