// The pod spec checks of k8s.io/kubernetes/pkg/apis/core/validation (ValidatePodSpec and what it
// calls) that the OpenAPI schema cannot express, applied after the API server's defaulting.
import { parseQuantity } from '../semantic/quantity';
import type { Emit, Segments } from './emit';
import {
  dnsLabel, dnsSubdomain, envVarName, int, isIP, labelValue, list, nonEmpty, obj, pathSegment, portName, portNumber,
  portNumOrName, qualifiedName, str,
} from './k8s-strings';

const ENV_FIELD_PATHS = new Set([
  'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName',
  'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs',
]);
const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const FILE_MODE = 'must be a number between 0 and 0777 (octal), both inclusive';
const VOLUME_SOURCES = [
  'emptyDir', 'hostPath', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder',
  'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk',
  'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral', 'image', 'secret', 'configMap', 'awsElasticBlockStore',
  'gcePersistentDisk', 'projected',
];
const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'];

export interface PodSpecContext {
  /** The pod's restart policies the owning kind allows (after defaulting to Always). */
  restartPolicies?: readonly string[];
  /** Whether the owner is a bare Pod (some fields are only checked there). */
  isPod?: boolean;
  /** A StatefulSet sets each pod's hostname to the pod name, over the template's. */
  podNameAsHostname?: boolean;
  /** Volumes the owner adds to each pod (a StatefulSet's claim templates). */
  extraVolumes?: string[];
}

function invalid(emit: Emit, field: Segments, v: unknown, check: (s: string) => string | undefined) {
  if (typeof v !== 'string') return;
  const msg = check(v);
  if (msg) emit(field, `Invalid value "${v}": ${msg}`);
}

const nonNegative = (emit: Emit, field: Segments, v: unknown) => {
  if (typeof v === 'number' && v < 0) emit(field, `Invalid value ${v}: must be greater than or equal to 0`);
};

/** Checks a pod spec at `at` (e.g. `spec.template.spec`). */
export function checkPodSpec(spec: Record<string, any>, at: Segments, emit: Emit, ctx: PodSpecContext = {}): void {
  const volumes = checkVolumes(spec, at, emit);
  for (const v of ctx.extraVolumes ?? []) volumes.add(v);
  const containers = list(spec.containers);
  const inits = list(spec.initContainers);
  const restart = spec.restartPolicy ?? 'Always';
  const grace = spec.terminationGracePeriodSeconds;
  const claims = new Set(list(spec.resourceClaims).map((c) => c?.name).filter(nonEmpty));

  const names = new Set<string>();
  const checkList = (items: any[], key: string, init: boolean) => items.forEach((c, i) => {
    if (!obj(c)) return;
    const p: Segments = [...at, key, i];
    if (nonEmpty(c.name)) {
      if (names.has(c.name)) emit([...p, 'name'], `Duplicate value: "${c.name}"`);
      names.add(c.name);
    }
    checkContainer(c, p, emit, volumes, claims, grace);
    const sidecar = init && c.restartPolicy === 'Always';
    // A container-level restartPolicy other than an init container's Always is dropped while the
    // ContainerRestartRules gate is off (1.34's default), so it is not refused.
    if (init && !sidecar) {
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (c[probe] !== undefined) emit([...p, probe], 'Forbidden: may not be set for init containers without restartPolicy=Always');
      }
      if (c.lifecycle !== undefined) emit([...p, 'lifecycle'], 'Forbidden: may not be set for init containers without restartPolicy=Always');
    }
    if (!init || sidecar) {
      for (const probe of ['livenessProbe', 'startupProbe']) {
        const s = c[probe]?.successThreshold;
        if (int(s) && s !== 1) emit([...p, probe, 'successThreshold'], `Invalid value: ${s}: must be 1`);
      }
      if (c.readinessProbe?.terminationGracePeriodSeconds !== undefined) {
        emit([...p, 'readinessProbe', 'terminationGracePeriodSeconds'], 'Invalid value: must not be set for readinessProbes');
      }
    }
  });
  if (containers.length === 0 && Array.isArray(spec.containers)) emit([...at, 'containers'], 'Required value');
  // Duplicates across both lists are reported on the init container, as the API server does.
  checkList(containers, 'containers', false);
  checkList(inits, 'initContainers', true);

  if (ctx.restartPolicies && !ctx.restartPolicies.includes(restart)) {
    emit([...at, 'restartPolicy'], `Unsupported value: "${restart}": supported values: ${ctx.restartPolicies.map((r) => `"${r}"`).join(', ')}`);
  }
  if (spec.hostNetwork === true) {
    containers.forEach((c, i) => list(c?.ports).forEach((port, j) => {
      if (int(port?.hostPort) && port.hostPort !== 0 && port.hostPort !== port.containerPort) {
        emit([...at, 'containers', i, 'ports', j, 'hostPort'], `Invalid value: ${port.hostPort}: must match \`containerPort\` when \`hostNetwork\` is true`);
      }
    }));
  }
  for (const [k, v] of Object.entries(obj(spec.nodeSelector) ? spec.nodeSelector : {})) {
    invalid(emit, [...at, 'nodeSelector', k], k, qualifiedName);
    invalid(emit, [...at, 'nodeSelector', k], v, labelValue);
  }
  checkSecurityContext(spec.securityContext, [...at, 'securityContext'], emit, true);
  checkAffinity(spec.affinity, [...at, 'affinity'], emit);
  checkDns(spec, at, emit);
  list(spec.readinessGates).forEach((g, i) => invalid(emit, [...at, 'readinessGates', i, 'conditionType'], g?.conditionType, qualifiedName));
  list(spec.schedulingGates).forEach((g, i) => invalid(emit, [...at, 'schedulingGates', i, 'name'], g?.name, qualifiedName));
  checkTopologySpread(spec.topologySpreadConstraints, [...at, 'topologySpreadConstraints'], emit);
  if (nonEmpty(spec.serviceAccountName)) invalid(emit, [...at, 'serviceAccountName'], spec.serviceAccountName, dnsSubdomain);
  if (nonEmpty(spec.nodeName)) invalid(emit, [...at, 'nodeName'], spec.nodeName, dnsSubdomain);
  if (int(spec.activeDeadlineSeconds) && (spec.activeDeadlineSeconds < 1 || spec.activeDeadlineSeconds > 2147483647)) {
    emit([...at, 'activeDeadlineSeconds'], `Invalid value: ${spec.activeDeadlineSeconds}: must be between 1 and 2147483647, inclusive`);
  }
  if (nonEmpty(spec.hostname) && !ctx.podNameAsHostname) invalid(emit, [...at, 'hostname'], spec.hostname, dnsLabel);
  if (nonEmpty(spec.subdomain)) invalid(emit, [...at, 'subdomain'], spec.subdomain, dnsLabel);
  checkTolerations(spec.tolerations, [...at, 'tolerations'], emit);
  list(spec.hostAliases).forEach((h, i) => {
    if (str(h?.ip) && !isIP(h.ip)) emit([...at, 'hostAliases', i, 'ip'], `Invalid value: "${h.ip}": must be a valid IP address`);
    list(h?.hostnames).forEach((n, j) => invalid(emit, [...at, 'hostAliases', i, 'hostnames', j], n, dnsSubdomain));
  });
  if (nonEmpty(spec.priorityClassName)) invalid(emit, [...at, 'priorityClassName'], spec.priorityClassName, dnsSubdomain);
  if (str(spec.runtimeClassName)) invalid(emit, [...at, 'runtimeClassName'], spec.runtimeClassName, dnsSubdomain);
  void grace;
}

function checkVolumes(spec: Record<string, any>, at: Segments, emit: Emit): Set<string> {
  const names = new Set<string>();
  list(spec.volumes).forEach((v, i) => {
    if (!obj(v)) return;
    const p: Segments = [...at, 'volumes', i];
    let ok = true;
    const bad = (field: Segments, message: string) => { ok = false; emit(field, message); };
    if (!nonEmpty(v.name)) bad([...p, 'name'], 'Required value');
    else if (dnsLabel(v.name)) bad([...p, 'name'], `Invalid value: "${v.name}": ${dnsLabel(v.name)}`);
    else if (names.has(v.name)) bad([...p, 'name'], `Duplicate value: "${v.name}"`);
    const sources = VOLUME_SOURCES.filter((s) => v[s] !== undefined && v[s] !== null);
    for (const s of sources.slice(1)) bad([...p, s], 'Forbidden: may not specify more than 1 volume type');
    const sizeLimit = parseQuantity(v.emptyDir?.sizeLimit);
    if (sizeLimit && sizeLimit.n < 0n) bad([...p, 'emptyDir', 'sizeLimit'], 'Forbidden: SizeLimit field must be a valid resource quantity');
    for (const [key, nameField] of [['secret', 'secretName'], ['configMap', 'name']] as const) {
      const src = v[key];
      if (!obj(src)) continue;
      if (!nonEmpty(src[nameField])) bad([...p, key, nameField], 'Required value');
      checkMode(src.defaultMode, [...p, key, 'defaultMode'], bad);
      list(src.items).forEach((item, j) => checkKeyToPath(item, [...p, key, 'items', j], bad));
    }
    list(v.projected?.sources).forEach((s, j) => {
      for (const key of ['secret', 'configMap']) list(s?.[key]?.items).forEach((item, k) => checkKeyToPath(item, [...p, 'projected', 'sources', j, key, 'items', k], bad));
    });
    checkMode(v.projected?.defaultMode, [...p, 'projected', 'defaultMode'], bad);
    list(v.downwardAPI?.items).forEach((item, j) => {
      // the API server names `downwardAPI.path` for any item's path
      if (!nonEmpty(item?.path)) bad([...p, 'downwardAPI', 'path'], 'Required value');
      else checkRelativePath(item.path, [...p, 'downwardAPI', 'path'], bad);
    });
    if (obj(v.hostPath) && !nonEmpty(v.hostPath.path)) bad([...p, 'hostPath', 'path'], 'Required value');
    if (obj(v.persistentVolumeClaim) && !nonEmpty(v.persistentVolumeClaim.claimName)) bad([...p, 'persistentVolumeClaim', 'claimName'], 'Required value');
    if (obj(v.nfs) && str(v.nfs.path) && !v.nfs.path.startsWith('/')) bad([...p, 'nfs', 'path'], `Invalid value: "${v.nfs.path}": must be an absolute path`);
    if (ok && nonEmpty(v.name)) names.add(v.name);
  });
  return names;
}

function checkMode(mode: unknown, field: Segments, bad: Emit) {
  if (int(mode) && (mode < 0 || mode > 0o777)) bad(field, `Invalid value: ${mode}: ${FILE_MODE}`);
}

function checkRelativePath(path: string, field: Segments, bad: Emit) {
  if (path.startsWith('/')) bad(field, `Invalid value: "${path}": must be a relative path`);
  if (path.split('/').includes('..')) bad(field, `Invalid value: "${path}": must not contain '..'`);
  else if (path.startsWith('..')) bad(field, `Invalid value: "${path}": must not start with '..'`);
}

function checkKeyToPath(item: any, at: Segments, bad: Emit) {
  if (!nonEmpty(item?.key)) bad([...at, 'key'], 'Required value');
  if (!nonEmpty(item?.path)) bad([...at, 'path'], 'Required value');
  else checkRelativePath(item.path, [...at, 'path'], bad);
  checkMode(item?.mode, [...at, 'mode'], bad);
}

function checkContainer(c: Record<string, any>, at: Segments, emit: Emit, volumes: Set<string>, claims: Set<string>, grace: unknown) {
  if (!nonEmpty(c.image)) emit([...at, 'image'], 'Required value');
  if (c.terminationMessagePolicy !== undefined && !['File', 'FallbackToLogsOnError'].includes(c.terminationMessagePolicy)) {
    emit([...at, 'terminationMessagePolicy'], `Unsupported value: "${c.terminationMessagePolicy}"`);
  }
  const portNames = new Set<string>();
  list(c.ports).forEach((port, i) => {
    const p: Segments = [...at, 'ports', i];
    if (str(port?.name) && port.name !== '') {
      const msg = portName(port.name);
      if (msg) emit([...p, 'name'], `Invalid value: "${port.name}": ${msg}`);
      else if (portNames.has(port.name)) emit([...p, 'name'], `Duplicate value: "${port.name}"`);
      else portNames.add(port.name);
    }
    if (port?.containerPort === 0) emit([...p, 'containerPort'], 'Required value');
    else if (int(port?.containerPort) && portNumber(port.containerPort)) emit([...p, 'containerPort'], `Invalid value: ${port.containerPort}: ${portNumber(port.containerPort)}`);
    if (int(port?.hostPort) && port.hostPort !== 0 && portNumber(port.hostPort)) emit([...p, 'hostPort'], `Invalid value: ${port.hostPort}: ${portNumber(port.hostPort)}`);
  });
  list(c.env).forEach((e, i) => {
    const p: Segments = [...at, 'env', i];
    if (!nonEmpty(e?.name)) emit([...p, 'name'], 'Required value');
    else invalid(emit, [...p, 'name'], e.name, envVarName);
    const from = e?.valueFrom;
    if (!obj(from)) return;
    const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'].filter((k) => from[k] != null);
    if (sources.length === 0) emit([...p, 'valueFrom'], 'Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`');
    else if (nonEmpty(e.value)) emit([...p, 'valueFrom'], 'Invalid value: "": may not be specified when `value` is not empty');
    else if (sources.length > 1) emit([...p, 'valueFrom'], 'Invalid value: "": may not have more than one field specified at a time');
    if (obj(from.fieldRef) && str(from.fieldRef.fieldPath)) {
      const fp = from.fieldRef.fieldPath;
      const labelOrAnnotation = /^metadata\.(labels|annotations)\['[^']+'\]$/.test(fp);
      if (!ENV_FIELD_PATHS.has(fp) && !labelOrAnnotation) emit([...p, 'valueFrom', 'fieldRef', 'fieldPath'], `Unsupported value: "${fp}"`);
    }
    for (const key of ['configMapKeyRef', 'secretKeyRef']) {
      const ref = from[key];
      if (!obj(ref)) continue;
      if (!nonEmpty(ref.key)) emit([...p, 'valueFrom', key, 'key'], 'Required value');
      if (!nonEmpty(ref.name)) emit([...p, 'valueFrom', key, 'name'], 'Required value');
    }
  });
  list(c.envFrom).forEach((e, i) => {
    const p: Segments = [...at, 'envFrom', i];
    if (nonEmpty(e?.prefix)) invalid(emit, [...p, 'prefix'], e.prefix, envVarName);
    const n = ['configMapRef', 'secretRef'].filter((k) => e?.[k] != null).length;
    if (n === 0) emit([...at, 'envFrom'], 'Invalid value: "": must specify one of: `configMapRef` or `secretRef`');
    else if (n > 1) emit([...at, 'envFrom'], 'Invalid value: "": may not have more than one field specified at a time');
  });
  const mountPaths = new Set<string>();
  list(c.volumeMounts).forEach((m, i) => {
    const p: Segments = [...at, 'volumeMounts', i];
    if (!nonEmpty(m?.name)) emit([...p, 'name'], 'Required value');
    if (!volumes.has(m?.name)) emit([...p, 'name'], `Not found: "${m?.name ?? ''}"`);
    if (!nonEmpty(m?.mountPath)) emit([...p, 'mountPath'], 'Required value');
    else if (mountPaths.has(m.mountPath)) emit([...p, 'mountPath'], `Invalid value: "${m.mountPath}": must be unique`);
    if (str(m?.mountPath)) mountPaths.add(m.mountPath);
    if (nonEmpty(m?.subPath)) checkRelativePath(m.subPath, [...at, 'volumeMounts', 'subPath'], emit);
    if (nonEmpty(m?.subPathExpr)) {
      if (nonEmpty(m.subPath)) emit([...p, 'subPathExpr'], 'Invalid value: subPathExpr and subPath are mutually exclusive');
      checkRelativePath(m.subPathExpr, [...at, 'volumeMounts', 'subPathExpr'], emit);
    }
  });
  checkResources(c.resources, [...at, 'resources'], emit, claims);
  checkSecurityContext(c.securityContext, [...at, 'securityContext'], emit, false);
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) checkProbe(c[probe], [...at, probe], emit);
  for (const hook of ['postStart', 'preStop']) {
    const h = c.lifecycle?.[hook];
    if (obj(h)) checkHandler(h, [...at, 'lifecycle', hook], emit);
  }
  void grace;
}

function checkHandler(h: Record<string, any>, at: Segments, emit: Emit) {
  const present = HANDLERS.filter((k) => h[k] != null);
  if (present.length === 0) emit(at, 'Required value: must specify a handler type');
  for (const k of present.slice(1)) emit([...at, k], 'Forbidden: may not specify more than 1 handler type');
  if (obj(h.httpGet)) {
    const msg = portNumOrName(h.httpGet.port);
    if (msg) emit([...at, 'httpGet', 'port'], `Invalid value: ${JSON.stringify(h.httpGet.port)}: ${msg}`);
  }
  if (obj(h.tcpSocket)) {
    const msg = portNumOrName(h.tcpSocket.port);
    if (msg) emit([...at, 'tcpSocket', 'port'], `Invalid value: ${JSON.stringify(h.tcpSocket.port)}: ${msg}`);
  }
  if (obj(h.grpc) && int(h.grpc.port) && portNumber(h.grpc.port)) emit([...at, 'grpc', 'port'], `Invalid value: ${h.grpc.port}: ${portNumber(h.grpc.port)}`);
  if (obj(h.exec) && list(h.exec.command).length === 0) emit([...at, 'exec', 'command'], 'Required value');
}

function checkProbe(probe: unknown, at: Segments, emit: Emit) {
  if (!obj(probe)) return;
  checkHandler(probe, at, emit);
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) nonNegative(emit, [...at, k], probe[k]);
  const g = probe.terminationGracePeriodSeconds;
  if (int(g) && g <= 0) emit([...at, 'terminationGracePeriodSeconds'], `Invalid value: ${g}: must be greater than 0`);
}

function checkResources(r: unknown, at: Segments, emit: Emit, claims: Set<string>) {
  if (!obj(r)) return;
  for (const key of ['limits', 'requests']) {
    const map = r[key];
    if (!obj(map)) continue;
    for (const [name, value] of Object.entries(map)) {
      const p: Segments = [...at, key, name];
      const slash = name.split('/');
      const native = slash.length === 1 || slash[0].endsWith('kubernetes.io');
      if (slash.length > 1 && qualifiedName(name)) emit(p, `Invalid value: "${name}": ${qualifiedName(name)}`);
      else if (slash.length === 1 && !STANDARD_CONTAINER_RESOURCES.has(name) && !name.startsWith('hugepages-')) {
        emit(p, `Invalid value: "${name}": must be a standard resource for containers`);
      } else if (!native && name.startsWith('requests.')) emit(p, `Invalid value: "${name}": doesn't follow extended resource name standard`);
      const q = parseQuantity(value);
      if (q && q.n < 0n) emit(p, `Invalid value: "${value}": must be greater than or equal to 0`);
      const extended = !native;
      if (extended && key === 'requests') {
        const limit = parseQuantity(r.limits?.[name]);
        if (!limit || !q || limit.n * q.d !== q.n * limit.d) emit(p, `Invalid value: "${value}": must be equal to ${name} limit`);
      }
      if (extended && q && q.n % q.d !== 0n) emit(p, `Invalid value: "${value}": must be an integer`);
    }
  }
  list(r.claims).forEach((c, i) => {
    if (!nonEmpty(c?.name)) emit([...at, 'claims', i, 'name'], 'Required value');
    else if (!claims.has(c.name)) emit([...at, 'claims', i], `Unsupported value: "${c.name}": must be one of the pod's resourceClaims`);
  });
}

function checkSecurityContext(sc: unknown, at: Segments, emit: Emit, pod: boolean) {
  if (!obj(sc)) return;
  for (const k of ['runAsUser', 'runAsGroup', ...(pod ? ['fsGroup'] : [])]) {
    const v = sc[k];
    if (int(v) && (v < 0 || v > 2147483647)) emit([...at, k], `Invalid value: ${v}: must be between 0 and 2147483647, inclusive`);
  }
  if (pod) list(sc.supplementalGroups).forEach((g, i) => {
    if (int(g) && (g < 0 || g > 2147483647)) emit([...at, 'supplementalGroups', i], `Invalid value: ${g}: must be between 0 and 2147483647, inclusive`);
  });
  const seccomp = sc.seccompProfile;
  if (obj(seccomp)) {
    if (seccomp.type === 'Localhost' && !nonEmpty(seccomp.localhostProfile)) emit([...at, 'seccompProfile', 'localhostProfile'], 'Required value: must be set when seccomp type is Localhost');
    if (seccomp.type !== 'Localhost' && seccomp.localhostProfile !== undefined) emit([...at, 'seccompProfile', 'localhostProfile'], 'Invalid value: can only be set when seccomp type is Localhost');
  }
  if (!pod && sc.privileged === true && sc.allowPrivilegeEscalation === false) {
    emit(at, 'Invalid value: cannot set `allowPrivilegeEscalation` to false and `privileged` to true');
  }
}

function checkDns(spec: Record<string, any>, at: Segments, emit: Emit) {
  const cfg = spec.dnsConfig;
  if (spec.dnsPolicy === 'None') {
    if (!obj(cfg)) return emit([...at, 'dnsConfig'], 'Required value: must provide `dnsConfig` when `dnsPolicy` is None');
    if (list(cfg.nameservers).length === 0) return emit([...at, 'dnsConfig', 'nameservers'], 'Required value: must provide at least one DNS nameserver when `dnsPolicy` is None');
  }
  if (!obj(cfg)) return;
  const servers = list(cfg.nameservers);
  if (servers.length > 3) emit([...at, 'dnsConfig', 'nameservers'], 'Invalid value: must not have more than 3 nameservers');
  servers.forEach((s, i) => { if (str(s) && !isIP(s)) emit([...at, 'dnsConfig', 'nameservers', i], `Invalid value: "${s}": must be a valid IP address`); });
  const searches = list(cfg.searches);
  if (searches.length > 32) emit([...at, 'dnsConfig', 'searches'], 'Invalid value: must not have more than 32 search paths');
  if (searches.join(' ').length > 2048) emit([...at, 'dnsConfig', 'searches'], 'Invalid value: must not have more than 2048 characters (including spaces) in the search list');
  searches.forEach((s, i) => {
    if (!str(s) || s === '.') return;
    const trimmed = s.replace(/\.$/, '');
    if (!(trimmed.length <= 253 && /^[a-z0-9_]([-a-z0-9_]*[a-z0-9_])?(\.[a-z0-9_]([-a-z0-9_]*[a-z0-9_])?)*$/.test(trimmed))) {
      emit([...at, 'dnsConfig', 'searches', i], `Invalid value: "${s}": must be a valid DNS subdomain`);
    }
  });
  list(cfg.options).forEach((o, i) => { if (!nonEmpty(o?.name)) emit([...at, 'dnsConfig', 'options', i], 'Required value: must not be empty'); });
}

export function checkTolerations(tolerations: unknown, at: Segments, emit: Emit) {
  list(tolerations).forEach((t, i) => {
    if (!obj(t)) return;
    const p: Segments = [...at, i];
    if (nonEmpty(t.key)) invalid(emit, [...p, 'key'], t.key, qualifiedName);
    if (!nonEmpty(t.key) && t.operator !== 'Exists') emit([...p, 'operator'], 'Invalid value: operator must be Exists when `key` is empty, which means "match all values and all keys"');
    if (t.tolerationSeconds != null && t.effect !== 'NoExecute') emit([...p, 'effect'], "Invalid value: effect must be 'NoExecute' when `tolerationSeconds` is set");
    if (t.operator === undefined || t.operator === '' || t.operator === 'Equal') {
      if (str(t.value) && labelValue(t.value)) emit([...p, 'operator'], `Invalid value: "${t.value}": ${labelValue(t.value)}`);
    } else if (t.operator === 'Exists') {
      if (nonEmpty(t.value)) emit([...p, 'operator'], "Invalid value: value must be empty when `operator` is 'Exists'");
    } else emit([...p, 'operator'], `Unsupported value: "${t.operator}": supported values: "Equal", "Exists"`);
  });
}

function checkNodeSelectorTerm(term: any, at: Segments, emit: Emit) {
  for (const key of ['matchExpressions', 'matchFields']) {
    list(term?.[key]).forEach((rq, i) => {
      const p: Segments = [...at, key, i];
      const values = list(rq?.values);
      if (rq?.operator === 'In' || rq?.operator === 'NotIn') {
        if (values.length === 0) emit([...p, 'values'], "Required value: must be specified when `operator` is 'In' or 'NotIn'");
      } else if (rq?.operator === 'Exists' || rq?.operator === 'DoesNotExist') {
        if (values.length > 0) emit([...p, 'values'], "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
      } else if (rq?.operator === 'Gt' || rq?.operator === 'Lt') {
        if (values.length !== 1) emit([...p, 'values'], "Required value: must be specified single value when `operator` is 'Lt' or 'Gt'");
      }
      if (key === 'matchExpressions') invalid(emit, [...p, 'key'], rq?.key, qualifiedName);
    });
  }
}

function checkLabelSelector(sel: any, at: Segments, emit: Emit) {
  if (!obj(sel)) return;
  list(sel.matchExpressions).forEach((e, i) => {
    const p: Segments = [...at, 'matchExpressions', i];
    const values = list(e?.values);
    if ((e?.operator === 'In' || e?.operator === 'NotIn') && values.length === 0) emit([...p, 'values'], 'Required value: must be specified when `operator` is \'In\' or \'NotIn\'');
    if ((e?.operator === 'Exists' || e?.operator === 'DoesNotExist') && values.length > 0) emit([...p, 'values'], "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
    if (str(e?.operator) && !['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(e.operator)) emit([...p, 'operator'], `Unsupported value: "${e.operator}"`);
    invalid(emit, [...p, 'key'], e?.key, qualifiedName);
    values.forEach((v, j) => invalid(emit, [...p, 'values', j], v, labelValue));
  });
  for (const [k, v] of Object.entries(obj(sel.matchLabels) ? sel.matchLabels : {})) {
    invalid(emit, [...at, 'matchLabels'], k, qualifiedName);
    invalid(emit, [...at, 'matchLabels'], v, labelValue);
  }
}

export { checkLabelSelector };

function checkPodAffinityTerm(term: any, at: Segments, emit: Emit) {
  checkLabelSelector(term?.labelSelector, [...at, 'labelSelector'], emit);
  checkLabelSelector(term?.namespaceSelector, [...at, 'namespaceSelector'], emit);
  list(term?.namespaces).forEach((n, i) => invalid(emit, [...at, 'namespace', i], n, dnsLabel));
  if (!nonEmpty(term?.topologyKey)) emit([...at, 'topologyKey'], 'Required value: can not be empty');
  else invalid(emit, [...at, 'topologyKey'], term.topologyKey, qualifiedName);
}

function checkAffinity(a: unknown, at: Segments, emit: Emit) {
  if (!obj(a)) return;
  const node = a.nodeAffinity;
  if (obj(node)) {
    const req = node.requiredDuringSchedulingIgnoredDuringExecution;
    if (obj(req)) {
      const terms = list(req.nodeSelectorTerms);
      if (terms.length === 0) emit([...at, 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'], 'Required value: must have at least one node selector term');
      terms.forEach((t, i) => checkNodeSelectorTerm(t, [...at, 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms', i], emit));
    }
    list(node.preferredDuringSchedulingIgnoredDuringExecution).forEach((p, i) => {
      const fp: Segments = [...at, 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution', i];
      if (int(p?.weight) && (p.weight < 1 || p.weight > 100)) emit([...fp, 'weight'], `Invalid value: ${p.weight}: must be in the range 1-100`);
      checkNodeSelectorTerm(p?.preference, [...fp, 'preference'], emit);
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pa = a[kind];
    if (!obj(pa)) continue;
    list(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => checkPodAffinityTerm(t, [...at, kind, 'requiredDuringSchedulingIgnoredDuringExecution', i], emit));
    list(pa.preferredDuringSchedulingIgnoredDuringExecution).forEach((w, i) => {
      const fp: Segments = [...at, kind, 'preferredDuringSchedulingIgnoredDuringExecution', i];
      if (int(w?.weight) && (w.weight < 1 || w.weight > 100)) emit([...fp, 'weight'], `Invalid value: ${w.weight}: must be in the range 1-100`);
      checkPodAffinityTerm(w?.podAffinityTerm, [...fp, 'podAffinityTerm'], emit);
    });
  }
}

function checkTopologySpread(constraints: unknown, at: Segments, emit: Emit) {
  const items = list(constraints);
  items.forEach((c, i) => {
    const p: Segments = [...at, i];
    if (int(c?.maxSkew) && c.maxSkew <= 0) emit([...p, 'maxSkew'], `Invalid value: ${c.maxSkew}: must be greater than zero`);
    if (!nonEmpty(c?.topologyKey)) emit([...p, 'topologyKey'], 'Required value: can not be empty');
    else invalid(emit, [...p, 'topologyKey'], c.topologyKey, qualifiedName);
    if (int(c?.minDomains)) {
      if (c.minDomains <= 0) emit([...p, 'minDomains'], `Invalid value: ${c.minDomains}: must be greater than 0`);
      else if (c.whenUnsatisfiable !== 'DoNotSchedule') emit([...p, 'minDomains'], `Invalid value: ${c.minDomains}: can only use minDomains if whenUnsatisfiable=DoNotSchedule`);
    }
    for (const later of items.slice(i + 1)) {
      if (later?.topologyKey === c?.topologyKey && later?.whenUnsatisfiable === c?.whenUnsatisfiable) {
        emit([...p, '{topologyKey, whenUnsatisfiable}'], 'Duplicate value');
        break;
      }
    }
    checkLabelSelector(c?.labelSelector, [...p, 'labelSelector'], emit);
  });
}

export { pathSegment };
