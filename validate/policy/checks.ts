import type { Reporter } from '../context';
import type { AppIndex } from '../semantic/app-index';
import { containerPorts, containersOf, LONG_RUNNING } from '../semantic/pods';
import { imageTag } from './image-tag';

/**
 * Policy checks; each rule's severity is configurable (`ValidateOptions.rules`):
 * - `policy/image-tag`: an image without a tag, or with `latest`, is not reproducible;
 * - `policy/resources`: containers without requests or limits schedule and evict unpredictably;
 * - `policy/readiness-probe`: a Service sends traffic to a container that never reports readiness;
 * - `policy/privileged`: privileged containers have full access to the node.
 */
export function checkPolicies(index: AppIndex, reporter: Reporter): void {
  for (const t of index.templates) {
    const services = LONG_RUNNING.has(t.kind) ? index.servicesSelecting(t) : [];
    for (const c of containersOf(t)) {
      const { container } = c;
      if (typeof container.image === 'string') {
        const { tag, digest } = imageTag(container.image);
        if (tag === 'latest') reporter.report(t.obj, 'policy/image-tag', [...c.path, 'image'], `image "${container.image}" uses the "latest" tag; pin a version`);
        else if (!tag && !digest) reporter.report(t.obj, 'policy/image-tag', [...c.path, 'image'], `image "${container.image}" has no tag; pin a version`);
      }
      const r = container.resources ?? {};
      if (!hasEntries(r.requests)) reporter.report(t.obj, 'policy/resources', [...c.path, 'resources', 'requests'], 'no resource requests');
      if (!hasEntries(r.limits)) reporter.report(t.obj, 'policy/resources', [...c.path, 'resources', 'limits'], 'no resource limits');
      if (container.securityContext?.privileged === true) {
        reporter.report(t.obj, 'policy/privileged', [...c.path, 'securityContext', 'privileged'], 'container runs privileged');
      }
      if (c.init && container.restartPolicy !== 'Always') continue;
      if (container.readinessProbe) continue;
      const svc = services.find((s) => targetsContainer(s.manifest, container));
      if (svc) {
        reporter.report(t.obj, 'policy/readiness-probe', [...c.path, 'readinessProbe'],
          `no readiness probe, but Service "${svc.manifest.metadata?.name}" sends traffic to this container`);
      }
    }
  }
}

const hasEntries = (v: unknown) => !!v && typeof v === 'object' && Object.keys(v).length > 0;

/** Whether one of the Service's ports targets a port of this container. */
function targetsContainer(service: Record<string, any>, container: Record<string, any>): boolean {
  const { numbers, names } = containerPorts(container);
  return (Array.isArray(service.spec?.ports) ? service.spec.ports : []).some((p: any) => {
    const target = p?.targetPort ?? p?.port;
    return typeof target === 'number' ? numbers.has(target) : names.has(target);
  });
}
