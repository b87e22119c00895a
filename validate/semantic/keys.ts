import type { Reporter } from '../context';
import type { AppIndex } from './app-index';
import { containersOf } from './pods';

type Segments = Array<string | number>;
const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** Keys of a ConfigMap (data, binaryData) or Secret (data, stringData); never their values. */
function keysOf(m: Record<string, any>): Set<string> {
  const fields = m.kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData'];
  return new Set(fields.flatMap((f) => (m[f] && typeof m[f] === 'object' ? Object.keys(m[f]) : [])));
}

interface KeyRef { kind: 'ConfigMap' | 'Secret'; name: unknown; key: unknown; optional: unknown; field: Segments }

/**
 * An env var or volume item takes a key from a ConfigMap or Secret the stack declares, and that
 * object has no such key: the pod would fail to start (CreateContainerConfigError) or mount.
 * Objects the stack does not declare are the `reference` rule's business.
 */
export function checkKeys(index: AppIndex, reporter: Reporter): void {
  for (const t of index.templates) {
    const refs: KeyRef[] = [];
    for (const { container, path } of containersOf(t)) {
      list(container.env).forEach((e, i) => {
        const from = e?.valueFrom;
        const at: Segments = [...path, 'env', i, 'valueFrom'];
        if (from?.configMapKeyRef) refs.push({ kind: 'ConfigMap', ...pick(from.configMapKeyRef), field: [...at, 'configMapKeyRef', 'key'] });
        if (from?.secretKeyRef) refs.push({ kind: 'Secret', ...pick(from.secretKeyRef), field: [...at, 'secretKeyRef', 'key'] });
      });
    }
    list(t.spec.volumes).forEach((v, i) => {
      const at: Segments = [...t.specPath, 'volumes', i];
      const items = (kind: KeyRef['kind'], name: unknown, optional: unknown, src: any, base: Segments) =>
        list(src?.items).forEach((item, j) => refs.push({ kind, name, key: item?.key, optional, field: [...base, 'items', j, 'key'] }));
      if (v?.configMap) items('ConfigMap', v.configMap.name, v.configMap.optional, v.configMap, [...at, 'configMap']);
      if (v?.secret) items('Secret', v.secret.secretName, v.secret.optional, v.secret, [...at, 'secret']);
      list(v?.projected?.sources).forEach((s, j) => {
        const base: Segments = [...at, 'projected', 'sources', j];
        if (s?.configMap) items('ConfigMap', s.configMap.name, s.configMap.optional, s.configMap, [...base, 'configMap']);
        if (s?.secret) items('Secret', s.secret.name, s.secret.optional, s.secret, [...base, 'secret']);
      });
    });
    for (const r of refs) {
      if (!str(r.name) || !str(r.key) || r.optional === true) continue;
      const target = index.get(t.obj.stack, r.kind, t.namespace, r.name);
      if (!target || keysOf(target.manifest).has(r.key)) continue;
      reporter.report(t.obj, 'reference/key', r.field, `${r.kind} "${r.name}" has no key "${r.key}"`);
    }
  }
}

const pick = (ref: any) => ({ name: ref?.name, key: ref?.key, optional: ref?.optional });
