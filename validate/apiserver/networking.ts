// Service, Ingress and NetworkPolicy checks of k8s.io/kubernetes/pkg/apis/core/validation and
// .../networking/validation.
import { isDnsLabel, isWildcardOrDnsSubdomain } from '../../dns-names';
import type { Emit, Segments } from './emit';
import { checkLabelSelector } from './pod-spec';
import { dnsSubdomain, int, isCIDR, isIP, isIPv4, list, nonEmpty, obj, portName, portNumber, portNumOrName, str } from './k8s-strings';

export function checkService(m: Record<string, any>, emit: Emit): void {
  const spec = m.spec;
  if (!obj(spec)) return;
  const type = spec.type ?? 'ClusterIP';
  const ports = list(spec.ports);
  if (type === 'ExternalName') {
    if (!nonEmpty(spec.externalName)) emit(['spec', 'externalName'], 'Required value');
    else if (dnsSubdomain(spec.externalName.replace(/\.$/, ''))) emit(['spec', 'externalName'], `Invalid value: "${spec.externalName}": ${dnsSubdomain(spec.externalName)}`);
  } else if (ports.length === 0 && spec.clusterIP !== 'None') emit(['spec', 'ports'], 'Required value');
  const names = new Set<string>();
  const keys = new Set<string>();
  ports.forEach((p, i) => {
    const at: Segments = ['spec', 'ports', i];
    if (ports.length > 1 && !nonEmpty(p?.name)) emit([...at, 'name'], 'Required value');
    if (nonEmpty(p?.name)) {
      const msg = isDnsLabel(p.name) ? undefined : 'must be a valid DNS-1123 label';
      if (msg) emit([...at, 'name'], `Invalid value: "${p.name}": ${msg}`);
      else if (names.has(p.name)) emit([...at, 'name'], `Duplicate value: "${p.name}"`);
      names.add(p.name);
    }
    if (int(p?.port) && portNumber(p.port)) emit([...at, 'port'], `Invalid value: ${p.port}: ${portNumber(p.port)}`);
    const target = p?.targetPort;
    if (target !== undefined && target !== 0) { // 0 defaults to the port
      const msg = typeof target === 'string' ? portName(target) : portNumOrName(target);
      if (msg) emit([...at, 'targetPort'], `Invalid value: ${JSON.stringify(target)}: ${msg}`);
    }
    const key = `${p?.port}/${p?.protocol ?? 'TCP'}`;
    if (keys.has(key)) emit(at, `Duplicate value: ${JSON.stringify({ port: p?.port, protocol: p?.protocol ?? 'TCP' })}`);
    keys.add(key);
    if (p?.nodePort !== undefined && p.nodePort !== 0) {
      if (type === 'ClusterIP' || type === 'ExternalName') emit([...at, 'nodePort'], `Forbidden: may not be used when \`type\` is '${type}'`);
      else if (int(p.nodePort) && portNumber(p.nodePort)) emit([...at, 'nodePort'], `Invalid value: ${p.nodePort}: ${portNumber(p.nodePort)}`);
    }
    if (nonEmpty(p?.appProtocol) && !/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(p.appProtocol)) {
      emit([...at, 'appProtocol'], `Invalid value: "${p.appProtocol}": must be a valid qualified name`);
    }
  });
  if (str(spec.clusterIP) && spec.clusterIP !== '' && spec.clusterIP !== 'None') {
    if (!isIP(spec.clusterIP)) emit(['spec', 'clusterIP'], `Invalid value: "${spec.clusterIP}": must be a valid IP address or "None"`);
  }
  if (spec.clusterIP === 'None' && type !== 'ClusterIP' && type !== 'ExternalName') {
    emit(['spec', 'clusterIPs'], `Invalid value: may not be set to 'None' for ${type} services`);
  }
  if (spec.externalTrafficPolicy !== undefined && type !== 'NodePort' && type !== 'LoadBalancer') {
    emit(['spec', 'externalTrafficPolicy'], `Invalid value: "${spec.externalTrafficPolicy}": may only be set when \`type\` is 'NodePort' or 'LoadBalancer'`);
  }
  if (spec.healthCheckNodePort !== undefined && !(type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local')) {
    emit(['spec', 'healthCheckNodePort'], "Invalid value: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
  }
  list(spec.loadBalancerSourceRanges).forEach((r, i) => {
    if (str(r) && !isCIDR(r.trim())) emit(['spec', 'loadBalancerSourceRanges', i], `Invalid value: "${r}": must be a valid CIDR`);
  });
  if (list(spec.loadBalancerSourceRanges).length > 0 && type !== 'LoadBalancer') {
    emit(['spec', 'loadBalancerSourceRanges'], "Forbidden: may only be used when `type` is 'LoadBalancer'");
  }
  list(spec.externalIPs).forEach((ip, i) => { if (str(ip) && !isIP(ip)) emit(['spec', 'externalIPs', i], `Invalid value: "${ip}": must be a valid IP address`); });
  const families = list(spec.ipFamilies);
  if (families.length > 2) emit(['spec', 'ipFamilies'], 'Invalid value: may specify no more than 2 ipFamilies');
  if (families.length === 2 && families[0] === families[1]) emit(['spec', 'ipFamilies', 1], `Duplicate value: "${families[1]}"`);
  if (spec.sessionAffinity !== 'ClientIP' && spec.sessionAffinityConfig != null) {
    emit(['spec', 'sessionAffinityConfig'], `Invalid value: must not be set when session affinity is ${spec.sessionAffinity ?? 'None'}`);
  }
  const timeout = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
  if (int(timeout) && (timeout <= 0 || timeout > 86400)) emit(['spec', 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds'], `Invalid value: ${timeout}: must be greater than 0 and less than 86400`);
  void isIPv4;
}


function checkHost(host: string, at: Segments, emit: Emit) {
  if (isIP(host)) return emit(at, `Invalid value: "${host}": must be a DNS name, not an IP address`);
  if (host.includes('*')) {
    if (!host.startsWith('*.') || !isWildcardOrDnsSubdomain(host)) emit(at, `Invalid value: "${host}": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain`);
  } else if (dnsSubdomain(host)) emit(at, `Invalid value: "${host}": ${dnsSubdomain(host)}`);
}

function checkBackend(b: any, at: Segments, emit: Emit) {
  if (!obj(b)) return;
  const hasService = b.service != null;
  const hasResource = b.resource != null;
  if (hasService && hasResource) return emit(at, 'Invalid value: cannot set both resource and service backends');
  if (!hasService && !hasResource) return emit(at, 'Invalid value: resource or service backend is required');
  if (hasService) {
    const svc = b.service;
    if (!nonEmpty(svc?.name)) emit([...at, 'service', 'name'], 'Required value');
    else if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(svc.name) || svc.name.length > 63) emit([...at, 'service', 'name'], `Invalid value: "${svc.name}": must be a valid DNS-1035 label`);
    const port = svc?.port;
    const hasName = nonEmpty(port?.name);
    const hasNumber = port?.number !== undefined && port?.number !== 0;
    if (hasName && hasNumber) emit([...at, 'service', 'port'], 'Invalid value: cannot set both port name & port number');
    else if (hasName) { const msg = portName(port.name); if (msg) emit([...at, 'service', 'port', 'name'], `Invalid value: "${port.name}": ${msg}`); }
    else if (hasNumber) { const msg = portNumber(port.number); if (msg) emit([...at, 'service', 'port', 'number'], `Invalid value: ${port.number}: ${msg}`); }
    else emit([...at, 'service', 'port'], 'Invalid value: port name or number is required');
  }
}

export function checkIngress(m: Record<string, any>, emit: Emit): void {
  const spec = m.spec;
  if (!obj(spec)) return;
  const rules = list(spec.rules);
  if (spec.defaultBackend == null && rules.length === 0) emit(['spec'], 'Invalid value: either `defaultBackend` or `rules` must be specified');
  if (spec.defaultBackend != null) checkBackend(spec.defaultBackend, ['spec', 'defaultBackend'], emit);
  if (nonEmpty(spec.ingressClassName) && dnsSubdomain(spec.ingressClassName)) emit(['spec', 'ingressClassName'], `Invalid value: "${spec.ingressClassName}": ${dnsSubdomain(spec.ingressClassName)}`);
  list(spec.tls).forEach((t, i) => {
    list(t?.hosts).forEach((h, j) => { if (str(h)) checkHost(h, ['spec', 'tls', i, 'hosts', j], emit); });
    if (nonEmpty(t?.secretName) && dnsSubdomain(t.secretName)) emit(['spec', 'tls', i, 'secretName'], `Invalid value: "${t.secretName}": ${dnsSubdomain(t.secretName)}`);
  });
  rules.forEach((r, i) => {
    const at: Segments = ['spec', 'rules', i];
    if (nonEmpty(r?.host)) checkHost(r.host, [...at, 'host'], emit);
    if (!obj(r?.http)) return;
    const paths = list(r.http.paths);
    if (paths.length === 0) emit([...at, 'http', 'paths'], 'Required value');
    paths.forEach((p, j) => {
      const pp: Segments = [...at, 'http', 'paths', j];
      if (!nonEmpty(p?.pathType)) emit([...pp, 'pathType'], 'Required value: pathType must be specified');
      else if (!['Exact', 'Prefix', 'ImplementationSpecific'].includes(p.pathType)) emit([...pp, 'pathType'], `Unsupported value: "${p.pathType}"`);
      const path = p?.path;
      if (p?.pathType === 'Exact' || p?.pathType === 'Prefix') {
        if (!str(path) || !path.startsWith('/')) emit([...pp, 'path'], `Invalid value: "${path ?? ''}": must be an absolute path`);
        else {
          for (const bad of ['//', '/./', '/../', '%2f', '%2F']) if (path.includes(bad)) { emit([...pp, 'path'], `Invalid value: "${path}": must not contain '${bad}'`); break; }
          for (const bad of ['/..', '/.']) if (path.endsWith(bad)) { emit([...pp, 'path'], `Invalid value: "${path}": cannot end with '${bad}'`); break; }
        }
      } else if (str(path) && path !== '' && !path.startsWith('/')) emit([...pp, 'path'], `Invalid value: "${path}": must be an absolute path`);
      checkBackend(p?.backend, [...pp, 'backend'], emit);
    });
  });
}

export function checkNetworkPolicy(m: Record<string, any>, emit: Emit): void {
  const spec = m.spec;
  if (!obj(spec)) return;
  checkLabelSelector(spec.podSelector, ['spec', 'podSelector'], emit);
  const peers = (list0: unknown, at: Segments) => list(list0).forEach((peer, i) => {
    const p: Segments = [...at, i];
    const n = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((k) => peer?.[k] != null).length;
    if (n === 0) emit(p, 'Required value: must specify a peer');
    if (peer?.ipBlock != null && n > 1) emit(p, 'Forbidden: may not specify both ipBlock and another peer');
    checkLabelSelector(peer?.podSelector, [...p, 'podSelector'], emit);
    checkLabelSelector(peer?.namespaceSelector, [...p, 'namespaceSelector'], emit);
    const block = peer?.ipBlock;
    if (obj(block)) {
      if (!nonEmpty(block.cidr)) emit([...p, 'ipBlock', 'cidr'], 'Required value');
      else if (!isCIDR(block.cidr)) emit([...p, 'ipBlock', 'cidr'], `Invalid value: "${block.cidr}": must be a valid CIDR`);
      list(block.except).forEach((e, j) => {
        if (str(e) && !isCIDR(e)) emit([...p, 'ipBlock', 'except', j], `Invalid value: "${e}": must be a valid CIDR`);
        else if (str(e) && isCIDR(block.cidr ?? '') && !cidrWithin(e, block.cidr)) emit([...p, 'ipBlock', 'except', j], `Invalid value: "${e}": must be a strict subset of \`cidr\``);
      });
    }
  });
  const ports = (list0: unknown, at: Segments) => list(list0).forEach((port, i) => {
    const p: Segments = [...at, i];
    if (port?.port !== undefined) {
      const msg = typeof port.port === 'string' ? portName(port.port) : portNumOrName(port.port);
      if (msg) emit([...p, 'port'], `Invalid value: ${JSON.stringify(port.port)}: ${msg}`);
    }
    if (port?.endPort !== undefined) {
      if (port.port === undefined) emit([...p, 'endPort'], 'Required value: may not be specified when `port` is not specified');
      else if (typeof port.port === 'string') emit([...p, 'endPort'], 'Required value: may not be specified when `port` is non-numeric');
      else if (int(port.endPort) && port.endPort < port.port) emit([...p, 'endPort'], 'Invalid value: must be greater than or equal to `port`');
    }
  });
  list(spec.ingress).forEach((r, i) => { peers(r?.from, ['spec', 'ingress', i, 'from']); ports(r?.ports, ['spec', 'ingress', i, 'ports']); });
  list(spec.egress).forEach((r, i) => { peers(r?.to, ['spec', 'egress', i, 'to']); ports(r?.ports, ['spec', 'egress', i, 'ports']); });
  const types = list(spec.policyTypes);
  if (types.length > 2) emit(['spec', 'policyTypes'], 'Invalid value: may not specify more than two policyTypes');
  types.forEach((t, i) => { if (t !== 'Ingress' && t !== 'Egress') emit(['spec', 'policyTypes', i], `Unsupported value: "${t}"`); });
}

function ipv4Number(ip: string): number {
  return ip.split('.').reduce((n, p) => n * 256 + Number(p), 0);
}

/** Whether `inner` lies strictly inside `outer` (IPv4; IPv6 is not compared and passes). */
function cidrWithin(inner: string, outer: string): boolean {
  const [ia, ib] = inner.split('/');
  const [oa, ob] = outer.split('/');
  if (!isIPv4(ia) || !isIPv4(oa)) return true;
  if (Number(ib) <= Number(ob)) return false;
  const mask = Number(ob) === 0 ? 0 : (~0 << (32 - Number(ob))) >>> 0;
  return ((ipv4Number(ia) & mask) >>> 0) === ((ipv4Number(oa) & mask) >>> 0);
}
