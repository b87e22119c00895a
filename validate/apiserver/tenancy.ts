// Namespace, ResourceQuota and LimitRange checks of k8s.io/kubernetes/pkg/apis/core/validation.
import { compareExact, parseQuantity } from '../semantic/quantity';
import type { Emit, Segments } from './emit';
import { list, obj, qualifiedName, str } from './k8s-strings';

const STANDARD_QUOTA = new Set([
  'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims',
  'services.nodeports', 'services.loadbalancers', 'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory',
  'requests.storage', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
]);
const QUOTA_SCOPES = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity', 'VolumeAttributesClass'];
const POD_SCOPE_RESOURCES = new Set(['pods', 'cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);

function quotaResourceName(name: string): string | undefined {
  if (!name.includes('/')) {
    if (STANDARD_QUOTA.has(name) || name.startsWith('hugepages-') || name.startsWith('requests.hugepages-') || name.startsWith('count/')) return undefined;
    return 'must be a standard resource for quota';
  }
  if (name.startsWith('count/')) return undefined;
  const bare = name.startsWith('requests.') ? name.slice('requests.'.length) : name;
  return qualifiedName(bare);
}

export function checkResourceQuota(m: Record<string, any>, emit: Emit): void {
  const hard = m.spec?.hard;
  const names = obj(hard) ? Object.keys(hard) : [];
  for (const [k, v] of Object.entries(obj(hard) ? hard : {})) {
    const msg = quotaResourceName(k);
    if (msg) emit(['spec', 'hard', k], `Invalid value: "${k}": ${msg}`);
    const q = parseQuantity(v);
    if (q && q.n < 0n) emit(['spec', 'hard', k], `Invalid value: "${v}": must be greater than or equal to 0`);
    if (q && q.n % q.d !== 0n && !['cpu', 'requests.cpu', 'limits.cpu'].includes(k) && !k.includes('memory') && !k.includes('storage')) {
      emit(['spec', 'hard', k], `Invalid value: "${v}": must be an integer`);
    }
  }
  const scopes = list(m.spec?.scopes);
  scopes.forEach((s, i) => {
    if (!QUOTA_SCOPES.includes(s)) return emit(['spec', 'scopes', i], `Invalid value: "${s}": unsupported scope`);
    // only standard resource names are checked against the scope (IsStandardQuotaResourceName)
    const valid = (n: string) => s === 'BestEffort' ? n === 'pods'
      : s === 'VolumeAttributesClass' ? ['persistentvolumeclaims', 'requests.storage'].includes(n)
        : POD_SCOPE_RESOURCES.has(n);
    if (names.some((n) => STANDARD_QUOTA.has(n) && !valid(n))) emit(['spec', 'scopes'], 'Invalid value: unsupported scope applied to resource');
  });
  if (scopes.includes('BestEffort') && scopes.includes('NotBestEffort')) emit(['spec', 'scopes'], 'Invalid value: conflicting scopes');
  if (scopes.includes('Terminating') && scopes.includes('NotTerminating')) emit(['spec', 'scopes'], 'Invalid value: conflicting scopes');
}

const LIMIT_TYPES = ['Pod', 'Container', 'PersistentVolumeClaim'];

export function checkLimitRange(m: Record<string, any>, emit: Emit): void {
  const types = new Set<string>();
  list(m.spec?.limits).forEach((l, i) => {
    const at: Segments = ['spec', 'limits', i];
    const type = l?.type;
    if (!LIMIT_TYPES.includes(type) && !(str(type) && type.includes('/'))) emit([...at, 'type'], `Unsupported value: "${type ?? ''}"`);
    if (types.has(type)) emit([...at, 'type'], `Duplicate value: "${type}"`);
    types.add(type);
    if (type === 'Pod') {
      if (l.default != null) emit([...at, 'default'], 'Forbidden: may not be specified when `type` is \'Pod\'');
      if (l.defaultRequest != null) emit([...at, 'defaultRequest'], 'Forbidden: may not be specified when `type` is \'Pod\'');
    }
    const q = (k: string, r: string) => parseQuantity(l?.[k]?.[r]);
    const resources = new Set<string>(['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'].flatMap((k) => Object.keys(obj(l?.[k]) ? l[k] : {})));
    for (const r of resources) {
      const min = q('min', r);
      const max = q('max', r);
      const def = q('default', r);
      const req = q('defaultRequest', r);
      const ratio = q('maxLimitRequestRatio', r);
      if (min && max && compareExact(min, max) > 0) emit([...at, 'min', r], `Invalid value: min value ${l.min[r]} is greater than max value ${l.max[r]}`);
      if (req && max && compareExact(req, max) > 0) emit([...at, 'defaultRequest', r], `Invalid value: default request value ${l.defaultRequest[r]} is greater than max value ${l.max[r]}`);
      if (req && min && compareExact(req, min) < 0) emit([...at, 'defaultRequest', r], `Invalid value: min value ${l.min[r]} is greater than default request value ${l.defaultRequest[r]}`);
      if (def && max && compareExact(def, max) > 0) emit([...at, 'default', r], `Invalid value: default value ${l.default[r]} is greater than max value ${l.max[r]}`);
      if (def && min && compareExact(def, min) < 0) emit([...at, 'default', r], `Invalid value: min value ${l.min[r]} is greater than default value ${l.default[r]}`);
      if (req && def && compareExact(req, def) > 0) emit([...at, 'defaultRequest', r], `Invalid value: default request value ${l.defaultRequest[r]} is greater than default limit value ${l.default[r]}`);
      if (ratio && compareExact(ratio, { n: 1n, d: 1n }) < 0) emit([...at, 'maxLimitRequestRatio', r], `Invalid value: ratio ${l.maxLimitRequestRatio[r]} is less than 1`);
    }
  });
}

/** Finalizer names on any object: qualified names, `kubernetes` for namespaces. */
export function checkFinalizers(m: Record<string, any>, emit: Emit): void {
  const standard = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);
  list(m.metadata?.finalizers).forEach((f, i) => {
    if (!str(f)) return;
    const msg = qualifiedName(f);
    if (msg) emit(['metadata', 'finalizers', i], `Invalid value: "${f}": ${msg}`);
    else if (!f.includes('/') && !standard.has(f)) emit(['metadata', 'finalizers', i], `Invalid value: "${f}": name is neither a standard finalizer name nor is it fully qualified`);
  });
  list(m.spec?.finalizers).forEach((f, i) => {
    if (m.kind !== 'Namespace' || !str(f)) return;
    const msg = qualifiedName(f);
    if (msg) emit(['spec', 'finalizers', i], `Invalid value: "${f}": ${msg}`);
    else if (!f.includes('/') && f !== 'kubernetes') emit(['spec', 'finalizers', i], `Invalid value: "${f}": name is neither a standard finalizer name nor is it fully qualified`);
  });
}
