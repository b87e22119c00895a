// HTTP 429 with Retry-After from a real API server: API Priority and Fairness routes one service
// account (used only by this test) to a priority level with ~3 seats that rejects instead of
// queueing, so an apply at --concurrency 64 is refused over and over. The apply must still complete
// with every object, having waited as Retry-After said, and must back off so that the refusals
// stop. Other clients of the shared cluster are classified as before (the FlowSchema matches this
// account alone).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { KubeClient } from '../../engine/client';
import { engineCluster, ClusterInfo } from './engine-cluster';
import { eventually } from './harness';
import { configMap, kapstan, namespace, ndjson, uniqueNs, writeStack } from './engine-fixtures';

jest.setTimeout(300_000);

const COUNT = 150;
const FC = '/apis/flowcontrol.apiserver.k8s.io/v1';
const RBAC = '/apis/rbac.authorization.k8s.io/v1';

/** apiserver_flowcontrol_rejected_requests_total for one priority level, summed over reasons. */
async function rejected(admin: KubeClient, level: string): Promise<number> {
  const text: string = await admin.request('GET', '/metrics', { accept: 'text/plain' });
  return text.split('\n')
    .filter((l) => l.startsWith('apiserver_flowcontrol_rejected_requests_total{') && l.includes(`priority_level="${level}"`))
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}

describe('engine: 429 and Retry-After from API Priority and Fairness', () => {
  const clusterOf = engineCluster({ shared: true });
  let c: ClusterInfo;
  let admin: KubeClient;
  const name = uniqueNs('e2e-apf'); // namespace, account, priority level and flow schema
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-apf-'));
  const kubeconfig = path.join(tmp, 'kubeconfig');

  beforeAll(async () => {
    c = clusterOf();
    admin = await KubeClient.connect({ kubeconfig: c.kubeconfig });
    await admin.request('POST', '/api/v1/namespaces', { body: namespace(name) });
    await admin.request('POST', `/api/v1/namespaces/${name}/serviceaccounts`, { body: { metadata: { name } } });
    // What apply needs: its namespace (cluster scope), ConfigMaps and the Secrets of the ApplySet and history.
    await admin.request('POST', `${RBAC}/clusterroles`, { body: { metadata: { name }, rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'create', 'patch'] }] } });
    await admin.request('POST', `${RBAC}/clusterrolebindings`, { body: { metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name }, subjects: [{ kind: 'ServiceAccount', name, namespace: name }] } });
    await admin.request('POST', `${RBAC}/namespaces/${name}/roles`, { body: { metadata: { name }, rules: [{ apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['*'] },
      // The stack's lock (a Lease in its namespace) is part of every apply.
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['*'] }] } });
    await admin.request('POST', `${RBAC}/namespaces/${name}/rolebindings`, { body: { metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name }, subjects: [{ kind: 'ServiceAccount', name, namespace: name }] } });

    // One share of ~250 is ceil(600 seats / 246) = 3 seats. lendablePercent 0 and
    // borrowingLimitPercent 0: it neither lends nor borrows, so the limit stays 3; Reject: no queue.
    await admin.request('POST', `${FC}/prioritylevelconfigurations`, { body: { metadata: { name }, spec: {
      type: 'Limited', limited: { nominalConcurrencyShares: 1, lendablePercent: 0, borrowingLimitPercent: 0, limitResponse: { type: 'Reject' } } } } });
    const all = { verbs: ['*'], apiGroups: ['*'], resources: ['*'], clusterScope: true, namespaces: ['*'] };
    await admin.request('POST', `${FC}/flowschemas`, { body: { metadata: { name }, spec: {
      priorityLevelConfiguration: { name }, matchingPrecedence: 1000, distinguisherMethod: { type: 'ByUser' },
      rules: [{ subjects: [{ kind: 'ServiceAccount', serviceAccount: { name, namespace: name } }], resourceRules: [all], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }] }] } } });
    // The apiserver writes the Dangling condition once its flow control has taken the schema in.
    await eventually('the FlowSchema is in effect', async () => {
      const f = await admin.request('GET', `${FC}/flowschemas/${name}`);
      return f.status?.conditions?.some((x: any) => x.type === 'Dangling' && x.status === 'False');
    });

    const tr = await admin.request('POST', `/api/v1/namespaces/${name}/serviceaccounts/${name}/token`, { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } } });
    const kc = parse(fs.readFileSync(c.kubeconfig, 'utf8'));
    kc.users.push({ name, user: { token: tr.status.token } });
    kc.contexts.push({ name, context: { cluster: kc.contexts[0].context.cluster, user: name } });
    fs.writeFileSync(kubeconfig, stringify(kc), { mode: 0o600 });
  });

  afterAll(async () => {
    for (const p of [`${FC}/flowschemas/${name}`, `${FC}/prioritylevelconfigurations/${name}`, `${RBAC}/clusterrolebindings/${name}`, `${RBAC}/clusterroles/${name}`]) {
      await admin?.request('DELETE', p, { allow: [404] });
    }
    admin?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it(`an apply of ${COUNT} ConfigMaps at --concurrency 64 is throttled with 429s and completes`, async () => {
    const before = await rejected(admin, name);
    // The namespace exists already (made above for the service account): the stack only uses it.
    const objects = [...Array.from({ length: COUNT }, (_, i) => configMap(name, `cm-${i}`, { index: String(i) }))];
    const dist = writeStack('throttled', name, objects);
    const r = await kapstan(['apply', '--dir', dist, '--kubeconfig', kubeconfig, '--context', name, '--concurrency', '64', '--no-wait', '--output', 'json']);
    const events = ndjson(r.stdout);
    const sum = events.at(-1);
    expect(sum).toMatchObject({ type: 'summary', outcome: 'succeeded', failed: 0 });
    expect(r.code).toBe(0);
    expect(sum.created + sum.updated + sum.unchanged).toBe(COUNT);

    // The server really refused requests of this priority level...
    const refused = await rejected(admin, name) - before;
    expect(refused).toBeGreaterThan(0);
    // ...but hardly beyond the first burst of 64: each 429 shrinks what kapstan keeps in flight.
    // Retrying at full concurrency instead is refused again and again (117 to 188 in our runs,
    // against 72 to 83 with the throttle).
    expect(refused).toBeLessThan(64 + COUNT / 4);
    // And kapstan waited as told: a first retry after a 429 waits Retry-After (whole seconds); its
    // own backoff would be 100-200 ms.
    const retries = events.filter((e) => e.type === 'warning').map((e) => /: HTTP 429.*; retrying in (\d+) ms \(attempt 1\)$/.exec(e.message)).filter((m) => m);
    expect(retries.length).toBeGreaterThan(0);
    // The retry line quotes the server's plain-text refusal.
    expect(retries.some((m) => /HTTP 429: Too many requests/i.test(m![0]))).toBe(true);
    for (const m of retries) {
      const ms = Number(m![1]);
      expect(ms).toBeGreaterThanOrEqual(1000);
      expect(ms % 1000).toBe(0);
    }

    const live: any[] = await admin.list(`/api/v1/namespaces/${name}/configmaps`);
    const names = new Set(live.map((o) => o.metadata.name));
    for (let i = 0; i < COUNT; i++) expect(names.has(`cm-${i}`)).toBe(true);
  });
});
