import { MANAGED_BY } from '../constructs/labels';
import { isClusterScoped } from './kinds';

/** What a stack adds to each of its objects. */
export interface StackDefaults {
  namespace?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** `group/kind` -> scope, from the CustomResourceDefinitions among `manifests`. */
export function customScopes(manifests: Iterable<Record<string, any>>): Map<string, string> {
  const scopes = new Map<string, string>();
  for (const m of manifests) {
    if (m.kind !== 'CustomResourceDefinition' || !m.spec?.group || !m.spec?.names?.kind) continue;
    scopes.set(`${m.spec.group}/${m.spec.names.kind}`, m.spec.scope ?? 'Namespaced');
  }
  return scopes;
}

/**
 * Applies the stack's defaults to one rendered manifest, in place: namespace (only on namespaced
 * kinds; cluster-scoped kinds lose any namespace), `managed-by`, common labels and annotations
 * (an object's own values win), and common labels on pod templates (never on selectors, which
 * are immutable and must keep matching).
 */
export function applyDefaults(m: Record<string, any>, d: StackDefaults, scopes: ReadonlyMap<string, string>): void {
  const meta: Record<string, any> = (m.metadata ??= {});
  if (isClusterScoped(String(m.apiVersion), String(m.kind), scopes)) {
    delete meta.namespace;
  } else if (!meta.namespace && d.namespace) {
    meta.namespace = d.namespace;
  }
  meta.labels = sorted({ 'app.kubernetes.io/managed-by': MANAGED_BY, ...d.labels, ...meta.labels });
  const annotations = { ...d.annotations, ...meta.annotations };
  if (Object.keys(annotations).length > 0) meta.annotations = sorted(annotations);
  m.metadata = sorted(meta);
  if (Object.keys(d.labels).length > 0) {
    for (const template of podTemplates(m)) {
      const tmeta = (template.metadata ??= {});
      tmeta.labels = sorted({ ...d.labels, ...tmeta.labels });
    }
  }
  if ((m.kind === 'RoleBinding' || m.kind === 'ClusterRoleBinding') && Array.isArray(m.subjects)) {
    const ns = meta.namespace ?? d.namespace;
    for (const s of m.subjects) if (s?.kind === 'ServiceAccount' && !s.namespace && ns) s.namespace = ns;
  }
}

/** Pod templates (with their metadata) inside a workload manifest. */
export function podTemplates(m: Record<string, any>): Record<string, any>[] {
  const spec = m.spec;
  if (!spec || typeof spec !== 'object') return [];
  if (m.kind === 'CronJob') {
    const t = spec.jobTemplate?.spec?.template;
    return t ? [t] : [];
  }
  return spec.template && typeof spec.template === 'object' && spec.template.spec ? [spec.template] : [];
}

/** Pod specs inside a manifest (a Pod's own spec, or its templates' specs). */
export function podSpecs(m: Record<string, any>): { spec: Record<string, any>; pointer: string }[] {
  if (m.kind === 'Pod') return m.spec ? [{ spec: m.spec, pointer: '/spec' }] : [];
  if (m.kind === 'CronJob') {
    const s = m.spec?.jobTemplate?.spec?.template?.spec;
    return s ? [{ spec: s, pointer: '/spec/jobTemplate/spec/template/spec' }] : [];
  }
  const s = m.spec?.template?.spec;
  return s && typeof s === 'object' ? [{ spec: s, pointer: '/spec/template/spec' }] : [];
}

/** A copy of `o` with keys in sorted order, so that output does not depend on insertion order. */
export function sorted<T extends Record<string, any>>(o: T): T {
  const out: Record<string, any> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out as T;
}
