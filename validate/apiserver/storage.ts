// PersistentVolumeClaim, PersistentVolume and StorageClass checks of
// k8s.io/kubernetes/pkg/apis/core/validation and .../storage/validation.
import { parseQuantity } from '../semantic/quantity';
import type { Emit, Segments } from './emit';
import { checkLabelSelector } from './pod-spec';
import { dnsSubdomain, int, list, nonEmpty, obj, qualifiedName, str } from './k8s-strings';

const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

function checkAccessModes(modes: unknown, at: Segments, emit: Emit) {
  const items = list(modes);
  if (items.length === 0) return emit(at, 'Required value: at least 1 access mode is required');
  if (items.includes('ReadWriteOncePod') && items.length > 1) emit(at, 'Forbidden: may not use ReadWriteOncePod with other access modes');
  items.forEach((m) => { if (!ACCESS_MODES.includes(m)) emit(at, `Unsupported value: "${m}"`); });
}

/** A claim's spec (also a StatefulSet's volumeClaimTemplates). */
export function checkClaimSpec(spec: Record<string, any>, at: Segments, emit: Emit, template = false): void {
  checkAccessModes(spec.accessModes, [...at, 'accessModes'], emit);
  const storage = spec.resources?.requests?.storage;
  if (storage === undefined) emit([...at, 'resources', 'storage'], 'Required value'); // the API server's field name
  else {
    const q = parseQuantity(storage);
    if (q && q.n <= 0n) emit([...at, 'resources', 'storage'], `Invalid value: "${storage}": must be greater than zero`);
  }
  if (nonEmpty(spec.storageClassName)) {
    const msg = dnsSubdomain(spec.storageClassName);
    if (msg) emit([...at, 'storageClassName'], `Invalid value: "${spec.storageClassName}": ${msg}`);
  }
  checkLabelSelector(spec.selector, [...at, 'selector'], emit);
  void template;
}

export function checkPersistentVolumeClaim(m: Record<string, any>, emit: Emit): void {
  if (obj(m.spec)) checkClaimSpec(m.spec, ['spec'], emit);
}

const PV_SOURCES = [
  'gcePersistentDisk', 'awsElasticBlockStore', 'hostPath', 'glusterfs', 'nfs', 'rbd', 'quobyte', 'cephfs', 'iscsi', 'cinder', 'fc',
  'flexVolume', 'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'local', 'storageos', 'csi', 'azureDisk', 'flocker',
];

export function checkPersistentVolume(m: Record<string, any>, emit: Emit): void {
  const spec = m.spec;
  if (!obj(spec)) return;
  checkAccessModes(spec.accessModes, ['spec', 'accessModes'], emit);
  const cap = spec.capacity;
  if (!obj(cap) || Object.keys(cap).length === 0) emit(['spec', 'capacity'], 'Required value');
  else {
    if (cap.storage === undefined || Object.keys(cap).length !== 1) emit(['spec', 'capacity'], 'Unsupported value: supported values: "storage"');
    const q = parseQuantity(cap.storage);
    if (q && q.n <= 0n) emit(['spec', 'capacity', 'storage'], `Invalid value: "${cap.storage}": must be greater than zero`);
  }
  const sources = PV_SOURCES.filter((s) => spec[s] != null);
  if (sources.length === 0) emit(['spec'], 'Required value: must specify a volume type');
  for (const s of sources.slice(1)) emit(['spec', s], 'Forbidden: may not specify more than 1 volume type');
  if (obj(spec.hostPath)) {
    const p = spec.hostPath.path;
    if (!nonEmpty(p)) emit(['spec', 'hostPath', 'path'], 'Required value');
    else if (p.split('/').includes('..')) emit(['spec', 'hostPath', 'path'], `Invalid value: "${p}": must not contain '..'`);
  }
  if (obj(spec.local) && str(spec.local.path) && !spec.local.path.startsWith('/')) emit(['spec', 'local', 'path'], 'Invalid value: must be an absolute path');
  if (obj(spec.nfs) && str(spec.nfs.path) && !spec.nfs.path.startsWith('/')) emit(['spec', 'nfs', 'path'], `Invalid value: "${spec.nfs.path}": must be an absolute path`);
  if (obj(spec.local) && !obj(spec.nodeAffinity)) emit(['spec', 'nodeAffinity'], 'Required value: Local volume requires node affinity');
  if (list(spec.mountOptions).length > 0 && sources.some((s) => ['hostPath', 'local'].includes(s))) {
    emit(['spec', 'mountOptions'], `Forbidden: may not specify mount options for this volume type`);
  }
  if (nonEmpty(spec.storageClassName)) {
    const msg = dnsSubdomain(spec.storageClassName);
    if (msg) emit(['spec', 'storageClassName'], `Invalid value: "${spec.storageClassName}": ${msg}`);
  }
  const terms = spec.nodeAffinity?.required?.nodeSelectorTerms;
  if (obj(spec.nodeAffinity?.required) && list(terms).length === 0) emit(['spec', 'nodeAffinity', 'required', 'nodeSelectorTerms'], 'Required value: must have at least one node selector term');
}

export function checkStorageClass(m: Record<string, any>, emit: Emit): void {
  const p = m.provisioner;
  if (!nonEmpty(p)) emit(['provisioner'], 'Required value');
  else {
    const msg = qualifiedName(p.toLowerCase());
    if (msg || p.length > 63) emit(['provisioner'], `Invalid value: "${p}": ${msg ?? 'must be no more than 63 characters'}`);
  }
  const params = obj(m.parameters) ? m.parameters : {};
  const size = Object.entries(params).reduce((n, [k, v]) => n + k.length + String(v).length, 0);
  if (size > 256 * 1024) emit(['parameters'], 'Too long: must have at most 262144 bytes');
  if (Object.keys(params).length > 512) emit(['parameters'], 'Too many: must have at most 512 items');
  if (obj(m.allowedTopologies)) return;
  list(m.allowedTopologies).forEach((t, i) => {
    const exprs = list(t?.matchLabelExpressions);
    if (exprs.length === 0) emit(['allowedTopologies', i, 'matchLabelExpressions'], 'Required value: must have at least one label expression');
    exprs.forEach((e, j) => {
      if (list(e?.values).length === 0) emit(['allowedTopologies', i, 'matchLabelExpressions', j, 'values'], 'Required value: must specify as least one value');
    });
  });
  void int;
}
