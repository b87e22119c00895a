import type { SynthObject } from '../../synth/types';
import type { Reporter } from '../context';
import type { ExternalObjects, ExternalRef } from '../options';
import type { AppIndex } from './app-index';
import { containersOf, namespaceOf } from './pods';

type Segments = Array<string | number>;
type RefKind = 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim' | 'ServiceAccount' | 'StorageClass' | 'PriorityClass';

interface Reference { kind: RefKind; name: string; field: Segments; rule?: string }

const CLUSTER_SCOPED: ReadonlySet<RefKind> = new Set(['StorageClass', 'PriorityClass']);
const EXTERNAL_KEY: Record<RefKind, keyof ExternalObjects> = {
  ConfigMap: 'configMaps', Secret: 'secrets', PersistentVolumeClaim: 'claims',
  ServiceAccount: 'serviceAccounts', StorageClass: 'storageClasses', PriorityClass: 'priorityClasses',
};
/** Objects every cluster has. */
const ALWAYS_PRESENT: Partial<Record<RefKind, ReadonlySet<string>>> = {
  ServiceAccount: new Set(['default']),
  PriorityClass: new Set(['system-cluster-critical', 'system-node-critical']),
};

const str = (v: unknown): v is string => typeof v === 'string' && v !== '';
const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);

/** References from a pod spec: volumes, projected sources, env, envFrom, pull secrets, account, priority. */
function podReferences(spec: Record<string, any>, specPath: Segments, containers: Array<{ container: any; path: Segments }>): Reference[] {
  const refs: Reference[] = [];
  const add = (kind: RefKind, name: unknown, field: Segments, optional?: unknown) => {
    if (str(name) && optional !== true) refs.push({ kind, name, field });
  };
  list(spec.volumes).forEach((v, i) => {
    const at: Segments = [...specPath, 'volumes', i];
    add('ConfigMap', v?.configMap?.name, [...at, 'configMap', 'name'], v?.configMap?.optional);
    add('Secret', v?.secret?.secretName, [...at, 'secret', 'secretName'], v?.secret?.optional);
    add('PersistentVolumeClaim', v?.persistentVolumeClaim?.claimName, [...at, 'persistentVolumeClaim', 'claimName']);
    const ephemeralClass = v?.ephemeral?.volumeClaimTemplate?.spec?.storageClassName;
    add('StorageClass', ephemeralClass, [...at, 'ephemeral', 'volumeClaimTemplate', 'spec', 'storageClassName']);
    list(v?.projected?.sources).forEach((s, j) => {
      const src: Segments = [...at, 'projected', 'sources', j];
      add('ConfigMap', s?.configMap?.name, [...src, 'configMap', 'name'], s?.configMap?.optional);
      add('Secret', s?.secret?.name, [...src, 'secret', 'name'], s?.secret?.optional);
    });
  });
  for (const { container: c, path } of containers) {
    list(c.env).forEach((e, i) => {
      const at: Segments = [...path, 'env', i, 'valueFrom'];
      add('ConfigMap', e?.valueFrom?.configMapKeyRef?.name, [...at, 'configMapKeyRef', 'name'], e?.valueFrom?.configMapKeyRef?.optional);
      add('Secret', e?.valueFrom?.secretKeyRef?.name, [...at, 'secretKeyRef', 'name'], e?.valueFrom?.secretKeyRef?.optional);
    });
    list(c.envFrom).forEach((e, i) => {
      add('ConfigMap', e?.configMapRef?.name, [...path, 'envFrom', i, 'configMapRef', 'name'], e?.configMapRef?.optional);
      add('Secret', e?.secretRef?.name, [...path, 'envFrom', i, 'secretRef', 'name'], e?.secretRef?.optional);
    });
  }
  list(spec.imagePullSecrets).forEach((s, i) => add('Secret', s?.name, [...specPath, 'imagePullSecrets', i, 'name']));
  if (str(spec.serviceAccountName)) add('ServiceAccount', spec.serviceAccountName, [...specPath, 'serviceAccountName']);
  else add('ServiceAccount', spec.serviceAccount, [...specPath, 'serviceAccount']);
  add('PriorityClass', spec.priorityClassName, [...specPath, 'priorityClassName']);
  return refs;
}

/** Storage classes named by claims and claim templates ('' means "no class"), Ingress TLS Secrets. */
function objectReferences(m: Record<string, any>): Reference[] {
  const refs: Reference[] = [];
  // TLS Secrets are often issued into the cluster (cert-manager): a rule of its own, a warning by default.
  const annotations = m.metadata?.annotations ?? {};
  const issued = 'cert-manager.io/cluster-issuer' in annotations || 'cert-manager.io/issuer' in annotations;
  if (m.kind === 'Ingress' && !issued) {
    list(m.spec?.tls).forEach((t, i) => {
      if (str(t?.secretName)) refs.push({ kind: 'Secret', name: t.secretName, field: ['spec', 'tls', i, 'secretName'], rule: 'reference/ingress-tls' });
    });
  }
  if (m.kind === 'PersistentVolumeClaim' && str(m.spec?.storageClassName)) {
    refs.push({ kind: 'StorageClass', name: m.spec.storageClassName, field: ['spec', 'storageClassName'] });
  }
  if (m.kind === 'StatefulSet') {
    list(m.spec?.volumeClaimTemplates).forEach((t, i) => {
      if (str(t?.spec?.storageClassName)) {
        refs.push({ kind: 'StorageClass', name: t.spec.storageClassName, field: ['spec', 'volumeClaimTemplates', i, 'spec', 'storageClassName'] });
      }
    });
  }
  return refs;
}

function isExternal(ext: ExternalRef[] | string[] | undefined, name: string, namespace: string): boolean {
  return (ext ?? []).some((e) => (typeof e === 'string' ? e === name : e.name === name && (e.namespace === undefined || e.namespace === namespace)));
}

/** Referenced ConfigMaps, Secrets, claims, service accounts, storage and priority classes exist. */
export function checkReferences(index: AppIndex, external: ExternalObjects, reporter: Reporter): void {
  const byObject = new Map<SynthObject, Reference[]>();
  for (const t of index.templates) byObject.set(t.obj, podReferences(t.spec, t.specPath, containersOf(t)));
  for (const obj of index.objects) {
    if (!obj.manifest || typeof obj.manifest !== 'object') continue;
    const refs = objectReferences(obj.manifest);
    if (refs.length) byObject.set(obj, [...(byObject.get(obj) ?? []), ...refs]);
  }
  for (const [obj, refs] of byObject) {
    const ns = namespaceOf(obj.manifest);
    for (const ref of refs) {
      const scoped = !CLUSTER_SCOPED.has(ref.kind);
      const refNs = scoped ? ns : '';
      if (ALWAYS_PRESENT[ref.kind]?.has(ref.name)) continue;
      if (index.has(obj.stack, ref.kind, refNs, ref.name)) continue;
      if (isExternal(external[EXTERNAL_KEY[ref.kind]], ref.name, refNs)) continue;
      const where = scoped ? ` in ${ns ? `namespace "${ns}"` : 'the default namespace'}` : '';
      reporter.report(obj, ref.rule ?? 'reference', ref.field,
        `${ref.kind} "${ref.name}" is not declared in the app${where} nor listed as external (external.${EXTERNAL_KEY[ref.kind]})`);
    }
  }
}
