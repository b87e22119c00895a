import { readFileSync } from 'node:fs';
import { DevApi, waitFor } from './api';
import { createAll, namespace } from './karmada-install';
import { readState } from './state';

// Push mode, as `karmadactl join` does it: in the member, a service account bound to
// cluster-admin and a token Secret for it; in Karmada, a Secret with that `token` and the member's
// `caBundle`, and a Cluster object whose apiEndpoint is the member's loopback apiserver.

/** Where the member keeps the identity Karmada uses, and where Karmada keeps the member's credentials. */
export const MEMBER_NAMESPACE = 'karmada-cluster';
const SERVICE_ACCOUNT = 'karmada-control-plane';

export interface MemberSpec {
  /** The Cluster name in Karmada (the federation member name). */
  name: string;
  /** The dev cluster that serves it. */
  devCluster: string;
  labels?: Record<string, string>;
}

async function memberToken(member: DevApi, timeoutMs: number): Promise<string> {
  const ns = MEMBER_NAMESPACE;
  await createAll(member, [
    namespace(ns),
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: SERVICE_ACCOUNT, namespace: ns } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: SERVICE_ACCOUNT },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', name: SERVICE_ACCOUNT, namespace: ns }],
    },
  ]);
  // A long-lived token Secret (the token controller fills it in), as karmadactl join creates.
  await createAll(member, [{
    apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token',
    metadata: { name: `${SERVICE_ACCOUNT}-token`, namespace: ns, annotations: { 'kubernetes.io/service-account.name': SERVICE_ACCOUNT } },
  }]);
  let token = '';
  await waitFor('the member token', timeoutMs, async () => {
    const res = await member.call('GET', `/api/v1/namespaces/${ns}/secrets/${SERVICE_ACCOUNT}-token`);
    token = res.body?.data?.token ?? '';
    return token !== '';
  });
  return token;
}

/** Registers a running dev cluster as a Push-mode member of the Karmada control plane `karmada`. */
export async function joinMember(karmada: DevApi, spec: MemberSpec, timeoutMs: number): Promise<void> {
  const state = readState(spec.devCluster);
  if (!state) throw new Error(`no dev cluster named "${spec.devCluster}" to join to Karmada as ${spec.name}`);
  const member = new DevApi(state.server, state.tls);
  const token = await memberToken(member, timeoutMs);
  // token is already base64 (Secret data); caBundle is the member CA's PEM. The cluster proxy
  // (used to read members' pods through Karmada) impersonates the caller with the impersonator
  // secret's token: the same cluster-admin identity may impersonate.
  const data = { token, caBundle: readFileSync(state.tls.caCert).toString('base64') };
  await createAll(karmada, [
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: spec.name, namespace: MEMBER_NAMESPACE }, data },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: `${spec.name}-impersonator`, namespace: MEMBER_NAMESPACE }, data: { token } },
  ]);
  await createAll(karmada, [{
    apiVersion: 'cluster.karmada.io/v1alpha1', kind: 'Cluster',
    metadata: { name: spec.name, labels: { ...spec.labels, 'kapstan.dev/dev-cluster': spec.devCluster } },
    spec: {
      syncMode: 'Push', apiEndpoint: state.server,
      secretRef: { namespace: MEMBER_NAMESPACE, name: spec.name },
      impersonatorSecretRef: { namespace: MEMBER_NAMESPACE, name: `${spec.name}-impersonator` },
    },
  }]);
}

/** Waits until Karmada's cluster status controller has reached the member (Ready=True). */
export async function waitMemberReady(karmada: DevApi, name: string, timeoutMs: number, check: () => void, describe: () => string): Promise<void> {
  await waitFor(`Karmada member ${name} to be Ready`, timeoutMs, async () => {
    check();
    const res = await karmada.call('GET', `/apis/cluster.karmada.io/v1alpha1/clusters/${name}`);
    return (res.body?.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
  }, describe);
}
