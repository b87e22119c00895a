import { join } from 'node:path';
import { binaryPath, type BinaryName } from './binaries';
import type { Pki } from './pki';
import type { ProcessSpec } from './process';

/** Components in start order. */
export const COMPONENTS = [
  'etcd',
  'kube-apiserver',
  'netguard',
  'kube-controller-manager',
  'kube-scheduler',
  'kwok',
  'provisioner',
  'provisioner-aws-ebs',
  'provisioner-gce-pd',
  'provisioner-nfs',
] as const;
export type ComponentName = (typeof COMPONENTS)[number];

export const SERVICE_CIDR = '10.96.0.0/16';
export const POD_CIDR = '10.244.0.0/16';
/** The kwok nodes' InternalIPs; the netguard serves their kubelet API, nothing dials them. */
export const NODE_CIDR = '10.0.0.0/16';
/** The kubelet port nodes advertise (daemonEndpoints); any port on a node address reaches the netguard. */
export const KUBELET_PORT = 10250;
/** The provisioner name the default StorageClass uses. */
export const PROVISIONER_NAME = 'kapstan.dev/hostpath';

/**
 * Cloud CSI drivers the dev cluster stands in for, so that StorageClasses written for production
 * (the AWS EBS, GCE PD and NFS presets) bind locally too. Each is our hostPath provisioner under
 * the driver's name; parameters such as `type: gp3` are accepted and ignored.
 */
export const SIMULATED_CSI_DRIVERS = {
  'provisioner-aws-ebs': 'ebs.csi.aws.com',
  'provisioner-gce-pd': 'pd.csi.storage.gke.io',
  'provisioner-nfs': 'nfs.csi.k8s.io',
} as const;

export interface Layout {
  dir: string;
  pki: Pki;
  ports: { etcdClient: number; etcdPeer: number; apiserver: number };
  kubeconfigs: { admin: string; controllerManager: string; scheduler: string };
  /** kube-apiserver's egress selector configuration and the netguard's Unix socket. */
  egress: { config: string; socket: string };
}

const stagesDir = join(__dirname, 'stages');

function argsFor(c: ComponentName, l: Layout): { binary: BinaryName; args: string[] } {
  const { pki, ports, dir } = l;
  const etcdUrl = `http://127.0.0.1:${ports.etcdClient}`;
  switch (c) {
    case 'etcd':
      return {
        binary: 'etcd',
        args: [
          '--name=default',
          `--data-dir=${join(dir, 'etcd')}`,
          `--listen-client-urls=${etcdUrl}`,
          `--advertise-client-urls=${etcdUrl}`,
          `--listen-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
          `--initial-advertise-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
          `--initial-cluster=default=http://127.0.0.1:${ports.etcdPeer}`,
          // A throwaway dev store: skipping fsync keeps it fast on shared disks.
          '--unsafe-no-fsync=true',
          '--log-level=warn',
        ],
      };
    case 'kube-apiserver':
      return {
        binary: 'kube-apiserver',
        args: [
          `--etcd-servers=${etcdUrl}`,
          '--bind-address=127.0.0.1',
          `--secure-port=${ports.apiserver}`,
          // Loopback cannot be a Service endpoint, so the apiserver does not publish its own.
          '--advertise-address=127.0.0.1',
          '--endpoint-reconciler-type=none',
          `--cert-dir=${pki.dir}`,
          `--tls-cert-file=${pki.serverCert}`,
          `--tls-private-key-file=${pki.serverKey}`,
          `--client-ca-file=${pki.caCert}`,
          '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
          `--service-account-key-file=${pki.saPub}`,
          `--service-account-signing-key-file=${pki.saKey}`,
          `--service-cluster-ip-range=${SERVICE_CIDR}`,
          '--authorization-mode=Node,RBAC',
          '--allow-privileged=true',
          '--profiling=false',
          // Every connection the apiserver opens to webhooks, aggregated APIs, kubelets and pod or
          // Service proxies goes through the netguard, which keeps it on loopback (README).
          `--egress-selector-config-file=${l.egress.config}`,
          // Nodes' Hostname addresses are names; the netguard never resolves names.
          '--kubelet-preferred-address-types=InternalIP',
        ],
      };
    case 'netguard':
      return {
        binary: 'kapstan-netguard',
        args: [
          `--socket=${l.egress.socket}`,
          `--kubeconfig=${l.kubeconfigs.admin}`,
          `--node-cidr=${NODE_CIDR}`,
          `--pod-cidr=${POD_CIDR}`,
          `--service-cidr=${SERVICE_CIDR}`,
        ],
      };
    case 'kube-controller-manager':
      return {
        binary: 'kube-controller-manager',
        args: [
          `--kubeconfig=${l.kubeconfigs.controllerManager}`,
          `--authentication-kubeconfig=${l.kubeconfigs.controllerManager}`,
          `--authorization-kubeconfig=${l.kubeconfigs.controllerManager}`,
          '--bind-address=127.0.0.1',
          '--secure-port=0',
          // One instance per cluster: leader election would only delay startup and restarts.
          '--leader-elect=false',
          '--use-service-account-credentials=true',
          `--service-account-private-key-file=${pki.saKey}`,
          `--root-ca-file=${pki.caCert}`,
          `--cluster-signing-cert-file=${pki.caCert}`,
          `--cluster-signing-key-file=${pki.caKey}`,
          `--service-cluster-ip-range=${SERVICE_CIDR}`,
          '--kube-api-qps=100',
          '--kube-api-burst=200',
          '--profiling=false',
        ],
      };
    case 'kube-scheduler':
      return {
        binary: 'kube-scheduler',
        args: [
          `--kubeconfig=${l.kubeconfigs.scheduler}`,
          `--authentication-kubeconfig=${l.kubeconfigs.scheduler}`,
          `--authorization-kubeconfig=${l.kubeconfigs.scheduler}`,
          '--bind-address=127.0.0.1',
          '--secure-port=0',
          '--leader-elect=false',
          '--profiling=false',
        ],
      };
    case 'kwok':
      return {
        binary: 'kwok',
        args: [
          `--kubeconfig=${l.kubeconfigs.admin}`,
          `--config=${join(stagesDir, 'node.yaml')}`,
          `--config=${join(stagesDir, 'pod.yaml')}`,
          `--config=${join(stagesDir, 'service.yaml')}`,
          '--manage-all-nodes=false',
          '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
          `--cidr=${POD_CIDR}`,
          '--node-lease-duration-seconds=40',
        ],
      };
    case 'provisioner':
    case 'provisioner-aws-ebs':
    case 'provisioner-gce-pd':
    case 'provisioner-nfs': {
      const provisioner = c === 'provisioner' ? PROVISIONER_NAME : SIMULATED_CSI_DRIVERS[c];
      return {
        binary: 'kapstan-provisioner',
        args: [`--kubeconfig=${l.kubeconfigs.admin}`, `--root=${join(dir, 'volumes')}`, `--name=${provisioner}`],
      };
    }
  }
}

/**
 * kube-apiserver's egress selector: the `cluster` (kubelets, pods, Services, Service-backed
 * webhooks and aggregated APIs) and `controlplane` (url: webhooks, authn/authz webhooks) traffic
 * goes to the netguard over a Unix socket as HTTP CONNECT; etcd is dialled directly on loopback.
 */
export function egressSelectorConfig(socket: string): string {
  const viaGuard = (name: string) =>
    `- name: ${name}\n  connection:\n    proxyProtocol: HTTPConnect\n    transport:\n      uds:\n        udsName: ${socket}\n`;
  return 'apiVersion: apiserver.k8s.io/v1beta1\nkind: EgressSelectorConfiguration\negressSelections:\n' +
    viaGuard('cluster') + viaGuard('controlplane') + '- name: etcd\n  connection:\n    proxyProtocol: Direct\n';
}

export function processSpec(c: ComponentName, l: Layout): ProcessSpec {
  const { binary, args } = argsFor(c, l);
  return {
    name: c,
    binary: binaryPath(binary),
    args,
    log: join(l.dir, 'logs', `${c}.log`),
    pidFile: join(l.dir, 'run', `${c}.pid`),
  };
}
