import { join } from 'node:path';
import { binDir } from './binaries';
import { processSpec, type Layout } from './components';
import type { KarmadaPki } from './karmada-pki';
import type { ProcessSpec } from './process';

/** A Karmada control plane's processes in start order: a kube-apiserver of its own, then Karmada's programs. */
export const KARMADA_COMPONENTS = [
  'etcd',
  'kube-apiserver',
  'netguard',
  'kube-controller-manager',
  'karmada-aggregated-apiserver',
  'karmada-webhook',
  'karmada-controller-manager',
  'karmada-scheduler',
] as const;
export type KarmadaComponent = (typeof KARMADA_COMPONENTS)[number];

export const KARMADA_BINARIES = ['karmada-aggregated-apiserver', 'karmada-controller-manager', 'karmada-scheduler', 'karmada-webhook'] as const;

export interface KarmadaLayout extends Layout {
  karmada: KarmadaPki;
  karmadaPorts: { aggregatedApiserver: number; webhook: number };
}

// Karmada's programs serve metrics and health probes on 0.0.0.0 by default: nothing here needs
// them, and a dev cluster listens on loopback only.
const NO_PROBES = ['--metrics-bind-address=0', '--health-probe-bind-address=0'];

function karmadaArgs(c: KarmadaComponent, l: KarmadaLayout): string[] {
  const admin = l.kubeconfigs.admin;
  switch (c) {
    case 'kube-apiserver':
      return [
        // The aggregation layer (the Cluster API is an aggregated API): the front proxy identity.
        `--requestheader-client-ca-file=${l.karmada.frontProxyCa}`,
        `--proxy-client-cert-file=${l.karmada.frontProxyClientCert}`,
        `--proxy-client-key-file=${l.karmada.frontProxyClientKey}`,
        '--requestheader-allowed-names=front-proxy-client',
        '--requestheader-extra-headers-prefix=X-Remote-Extra-',
        '--requestheader-group-headers=X-Remote-Group',
        '--requestheader-username-headers=X-Remote-User',
        // As Karmada's own deployment: templates never become pods here.
        '--disable-admission-plugins=StorageObjectInUseProtection,ServiceAccount',
      ];
    case 'karmada-aggregated-apiserver':
      return [
        `--kubeconfig=${admin}`,
        `--authentication-kubeconfig=${admin}`,
        `--authorization-kubeconfig=${admin}`,
        `--etcd-servers=http://127.0.0.1:${l.ports.etcdClient}`,
        `--tls-cert-file=${l.karmada.serverCert}`,
        `--tls-private-key-file=${l.karmada.serverKey}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${l.karmadaPorts.aggregatedApiserver}`,
        '--audit-log-maxage=0',
        '--audit-log-maxbackup=0',
      ];
    case 'karmada-webhook':
      return [
        `--kubeconfig=${admin}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${l.karmadaPorts.webhook}`,
        `--cert-dir=${l.karmada.serverDir}`,
        ...NO_PROBES,
      ];
    case 'karmada-controller-manager':
      return [
        `--kubeconfig=${admin}`,
        '--leader-elect=false',
        // Push mode: Karmada reaches the members itself. The FederatedHPA controller is among the defaults.
        '--controllers=*',
        '--cluster-status-update-frequency=5s',
        // A dev member that stops is noticed in seconds, not the production default's 40 s.
        '--cluster-monitor-grace-period=10s',
        '--cluster-failure-threshold=10s',
        '--cluster-success-threshold=5s',
        '--kube-api-qps=100',
        '--kube-api-burst=200',
        ...NO_PROBES,
      ];
    case 'karmada-scheduler':
      return [`--kubeconfig=${admin}`, '--leader-elect=false', '--kube-api-qps=100', '--kube-api-burst=200', ...NO_PROBES];
    default:
      return [];
  }
}

export function karmadaProcessSpec(c: KarmadaComponent, l: KarmadaLayout): ProcessSpec {
  if (c === 'kube-controller-manager') {
    // Only what a control plane without nodes needs: namespaces deleted, owners' dependents
    // collected (bindings are owned by their templates), token secrets filled in.
    const base = processSpec(c, l);
    return { ...base, args: [...base.args, '--controllers=namespace,garbagecollector,serviceaccount-token,clusterrole-aggregation'] };
  }
  if (c === 'etcd' || c === 'kube-apiserver' || c === 'netguard') {
    const base = processSpec(c, l);
    return { ...base, args: [...base.args, ...karmadaArgs(c, l)] };
  }
  return {
    name: c,
    binary: join(binDir(), c),
    args: karmadaArgs(c, l),
    log: join(l.dir, 'logs', `${c}.log`),
    pidFile: join(l.dir, 'run', `${c}.pid`),
  };
}
