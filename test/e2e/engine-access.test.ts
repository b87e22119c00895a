// Cluster access: bearer tokens, context selection, a 403 that names verb, resource and namespace;
// discovery: an unknown kind is a clear error, a CRD in the same apply is waited for.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { applyObject } from '../../engine/apply-object';
import { KubeClient } from '../../engine/client';
import { ApiError } from '../../engine/errors';
import { engineCluster, ClusterInfo } from './engine-cluster';
import { configMap, kapstan, namespace, ndjson, uniqueNs, writeStack } from './engine-fixtures';

jest.setTimeout(240_000);

const crd = (group: string) => ({
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
  metadata: { name: `widgets.${group}` },
  spec: {
    group, scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets', singular: 'widget' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }],
  },
});

describe('engine: cluster access and discovery', () => {
  const clusterOf = engineCluster({ shared: true });
  let c: ClusterInfo;
  let client: KubeClient;
  const ns = uniqueNs('e2e-access');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-access-'));

  beforeAll(async () => {
    c = clusterOf();
    client = await KubeClient.connect({ kubeconfig: c.kubeconfig });
  });
  afterAll(() => { client?.close(); fs.rmSync(tmp, { recursive: true, force: true }); });

  it('a service-account token that may only read gets a 403 naming verb, resource and namespace', async () => {
    await client.request('POST', '/api/v1/namespaces', { body: namespace(ns) });
    await client.request('POST', `/api/v1/namespaces/${ns}/serviceaccounts`, { body: { metadata: { name: 'reader' } } });
    await client.request('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, { body: { metadata: { name: 'read' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }] } });
    await client.request('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, { body: { metadata: { name: 'read' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'read' }, subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: ns }] } });
    const tr = await client.request('POST', `/api/v1/namespaces/${ns}/serviceaccounts/reader/token`, { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } } });
    // A kubeconfig with a second context that uses the bearer token.
    const kc = parse(fs.readFileSync(c.kubeconfig, 'utf8'));
    const clusterName = kc.contexts[0].context.cluster;
    kc.users.push({ name: 'reader', user: { token: tr.status.token } });
    kc.contexts.push({ name: 'reader', context: { cluster: clusterName, user: 'reader' } });
    const kcFile = path.join(tmp, 'kubeconfig');
    fs.writeFileSync(kcFile, stringify(kc));

    const dist = writeStack('access', ns, [configMap(ns, 'cfg')]);
    const r = await kapstan(['apply', '--dir', dist, '--kubeconfig', kcFile, '--context', 'reader', '--no-wait']);
    expect(r.code).toBeGreaterThan(0);
    // The first write of an apply is the stack's lock.
    expect(r.stderr).toMatch(/forbidden: the cluster refused to create leases.coordination.k8s.io in namespace "e2e-access-[a-z0-9]+"/);

    // The same stack through the admin context (the kubeconfig's current one) works.
    const ok = await kapstan(['apply', '--dir', dist, '--kubeconfig', kcFile, '--no-wait']);
    expect(ok.code).toBe(0);
    // And the reader can diff it (reads and server-side dry runs are all it needs... except dry-run patch).
    const d = await kapstan(['diff', '--dir', dist, '--kubeconfig', kcFile, '--context', 'reader']);
    expect(d.code).toBe(0);
  });

  it('an exec credential plugin (through client-node) works for apply, tracking and diff', async () => {
    const kc = parse(fs.readFileSync(c.kubeconfig, 'utf8'));
    const user = kc.users[0].user;
    const cred = { apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: {
      clientCertificateData: Buffer.from(user['client-certificate-data'], 'base64').toString(),
      clientKeyData: Buffer.from(user['client-key-data'], 'base64').toString() } };
    const plugin = path.join(tmp, 'cred-plugin.sh');
    fs.writeFileSync(plugin, `#!/bin/sh\ncat <<'JSON'\n${JSON.stringify(cred)}\nJSON\n`, { mode: 0o755 });
    kc.users[0].user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' } };
    const kcFile = path.join(tmp, 'exec-kubeconfig');
    fs.writeFileSync(kcFile, stringify(kc));
    const ens = `${ns}-exec`;
    const dist = writeStack('exec', ens, [namespace(ens), configMap(ens, 'via-exec')]);
    const r = await kapstan(['apply', '--dir', dist, '--kubeconfig', kcFile, '--output', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(ndjson(r.stdout).at(-1)).toMatchObject({ created: 2, outcome: 'succeeded' });
    expect((await kapstan(['diff', '--dir', dist, '--kubeconfig', kcFile])).code).toBe(0);
  });

  it('an unknown context is a clear error before any request', async () => {
    const dist = writeStack('access', ns, [configMap(ns, 'cfg')]);
    const r = await kapstan(['diff', '--dir', dist, '--kubeconfig', c.kubeconfig, '--context', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/kube context "nope" is not in the kubeconfig/);
  });

  it('an unknown kind is a clear error naming the construct path', async () => {
    const widget = { apiVersion: 'nothing.example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: ns }, spec: { size: 1 } };
    const dist = writeStack('unknown', ns, [widget]);
    const r = await kapstan(['apply', '--dir', dist, '--kubeconfig', c.kubeconfig, '--no-wait']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown/Widget/w: the cluster does not serve kind Widget in nothing.example.com/v1');
  });

  it('a custom resource of a CRD established moments ago is retried while the server still answers 404', async () => {
    const group = `${ns}-late.example.com`;
    const manifest = { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'late', namespace: ns }, spec: { size: 2 } };
    const target = {
      manifest, type: { group, version: 'v1', kind: 'Widget', resource: 'widgets', namespaced: true },
      group: 'custom', path: 'late/Widget/late', key: `Widget.${group}/${ns}/late`, label: `Widget ${ns}/late`,
    };
    // Without the hint a kind the server does not serve fails at once.
    const err = await applyObject(client, target, {}).catch((e) => e);
    expect((err as any).cause).toBeInstanceOf(ApiError);
    expect(((err as any).cause as ApiError).status).toBe(404);
    // With it, the apply waits while the kind is being served (here: its CRD is created a second later).
    const applied = applyObject(client, target, { newKind: true });
    await new Promise((r) => setTimeout(r, 1000));
    await client.request('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: crd(group) });
    try {
      expect((await applied).action).toBe('created');
      const live = await client.request('GET', `/apis/${group}/v1/namespaces/${ns}/widgets/late`);
      expect(live.spec.size).toBe(2);
    } finally {
      await client.request('DELETE', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.${group}`, { allow: [404] });
    }
  });

  it('a CRD and its custom resources in the same apply: the CRD is applied and Established first', async () => {
    const group = `${ns}.example.com`;
    const widget = { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'w', namespace: ns }, spec: { size: 3 } };
    const dist = writeStack('crd', ns, [crd(group), widget]);
    const d = await kapstan(['diff', '--dir', dist, '--kubeconfig', c.kubeconfig]);
    expect(d.code).toBe(1);
    const r = await kapstan(['apply', '--dir', dist, '--kubeconfig', c.kubeconfig, '--output', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const kinds = ndjson(r.stdout).filter((e) => e.type === 'apply').map((e) => e.kind);
    expect(kinds).toEqual(['CustomResourceDefinition', 'Widget']);
    const live = await client.request('GET', `/apis/${group}/v1/namespaces/${ns}/widgets/w`);
    expect(live.spec.size).toBe(3);
    const again = await kapstan(['apply', '--dir', dist, '--kubeconfig', c.kubeconfig, '--output', 'json', '--no-wait']);
    expect(ndjson(again.stdout).at(-1)).toMatchObject({ unchanged: 2 });
    // Destroy keeps the CRD (protected) but deletes the custom resource.
    const x = await kapstan(['destroy', '--dir', dist, '--kubeconfig', c.kubeconfig, '--yes', '--output', 'json']);
    expect(ndjson(x.stdout).at(-1)).toMatchObject({ deleted: 1, kept: 1 });
    await client.request('DELETE', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.${group}`);
  });
});
