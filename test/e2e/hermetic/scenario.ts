// What a user does on a dev cluster that could open connections off loopback, run inside the
// network namespace of netns.sh by dev-cluster-hermetic.test.ts: an APIService and webhooks that
// reference Services, url: webhooks and an ExternalName-backed APIService served on 127.0.0.1,
// kubectl logs/exec/port-forward, and `kapstan apply` of real example stacks. Writes what it saw
// as JSON to the file named by its first argument; the test asserts on it.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, get as httpGet } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { downCluster, upCluster, type DevCluster } from '../../../dev-cluster';
import { createPki, pem } from '../../../dev-cluster/pki';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Outcome { code: number; stdout: string; stderr: string }

async function sh(cmd: string, args: string[], input?: string): Promise<Outcome> {
  return new Promise((res) => {
    const child = execFile(cmd, args, { maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
      res({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
    if (input !== undefined) child.stdin!.end(input);
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await sleep(500);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

function listen(server: { listen: (port: number, host: string, cb: () => void) => unknown; address: () => unknown }): Promise<number> {
  return new Promise((res) => server.listen(0, '127.0.0.1', () => res((server.address() as AddressInfo).port)));
}

async function main(): Promise<void> {
  const outFile = process.argv[2];
  const results: Record<string, unknown> = {};
  const work = mkdtempSync(join(tmpdir(), 'kapstan-hermetic-'));
  const c: DevCluster = await upCluster({ name: 'hermetic', nodes: 2, gpuNodes: 0, build: false });
  const kubectl = (args: string[], input?: string) => sh(c.kubectlPath, ['--kubeconfig', c.kubeconfig, ...args], input);
  const json = async (args: string[]) => JSON.parse((await kubectl([...args, '-o', 'json'])).stdout);
  try {
    // Servers a user runs on this machine: a webhook, an aggregated API server, an app.
    const pki = await createPki(join(work, 'pki'));
    const tls = { cert: pem(pki.serverCert), key: pem(pki.serverKey) };
    let webhookCalls = 0;
    const webhook = createHttpsServer(tls, (req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        webhookCalls++;
        const review = JSON.parse(body);
        const patch = Buffer.from(JSON.stringify([{ op: 'add', path: '/metadata/annotations', value: { 'hermetic.kapstan.dev/seen-by': 'local-webhook' } }])).toString('base64');
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: review.request.uid, allowed: true, patchType: 'JSONPatch', patch } }));
      });
    });
    let aggregatedCalls = 0;
    const aggregated = createHttpsServer(tls, (req, res) => {
      aggregatedCalls++;
      res.setHeader('Content-Type', 'application/json');
      if (req.url?.startsWith('/apis/hermetic.kapstan.dev/v1')) {
        res.end(JSON.stringify({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'hermetic.kapstan.dev/v1', resources: [] }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    const app = createHttpServer((_req, res) => res.end('hello from the local app\n'));
    const [webhookPort, aggregatedPort, appPort] = await Promise.all([listen(webhook), listen(aggregated), listen(app)]);

    const manifests = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'monitoring' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'enforced', labels: { policy: 'enforced' } } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'metrics-server', namespace: 'monitoring' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'hermetic:metrics-reader' },
        rules: [{ apiGroups: [''], resources: ['nodes', 'pods'], verbs: ['get', 'list', 'watch'] }] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'hermetic:metrics-reader' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'hermetic:metrics-reader' },
        subjects: [{ kind: 'ServiceAccount', name: 'metrics-server', namespace: 'monitoring' }] },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'metrics-config', namespace: 'monitoring' }, data: { 'config.yaml': 'scrape-interval: 15s\n', mode: 'secure' } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'metrics-server', namespace: 'monitoring' },
        spec: { replicas: 1, selector: { matchLabels: { app: 'metrics-server' } },
          template: { metadata: { labels: { app: 'metrics-server' }, annotations: {
            'kapstan.dev/log': 'metrics-server: serving securely on [::]:4443',
            'kapstan.dev/port-forward': `8080=${appPort}`,
          } },
          spec: { serviceAccountName: 'metrics-server', containers: [{ name: 'metrics-server', image: 'registry.example/metrics-server:v0.8.0',
            ports: [{ containerPort: 4443 }], env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'metrics-config', key: 'mode' } } }],
            volumeMounts: [{ name: 'config', mountPath: '/etc/metrics' }] }],
          volumes: [{ name: 'config', configMap: { name: 'metrics-config' } }] } } } },
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'node-exporter', namespace: 'monitoring' },
        spec: { selector: { matchLabels: { app: 'node-exporter' } }, template: { metadata: { labels: { app: 'node-exporter' } },
          spec: { hostNetwork: true, containers: [{ name: 'node-exporter', image: 'registry.example/node-exporter:v1.9.0', ports: [{ containerPort: 9100 }] }] } } } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'metrics-server', namespace: 'monitoring' },
        spec: { selector: { app: 'metrics-server' }, ports: [{ port: 443, targetPort: 4443 }] } },
      { apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: { name: 'v1beta1.metrics.k8s.io' },
        spec: { service: { name: 'metrics-server', namespace: 'monitoring' }, group: 'metrics.k8s.io', version: 'v1beta1',
          insecureSkipTLSVerify: true, groupPriorityMinimum: 100, versionPriority: 100 } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'hermetic-api', namespace: 'monitoring' },
        spec: { type: 'ExternalName', externalName: 'localhost', ports: [{ port: aggregatedPort }] } },
      { apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: { name: 'v1.hermetic.kapstan.dev' },
        spec: { service: { name: 'hermetic-api', namespace: 'monitoring', port: aggregatedPort }, group: 'hermetic.kapstan.dev', version: 'v1',
          caBundle: Buffer.from(pem(pki.caCert)).toString('base64'), groupPriorityMinimum: 100, versionPriority: 100 } },
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'hermetic-policy' },
        webhooks: [
          { name: 'fail.policy.hermetic.kapstan.dev', failurePolicy: 'Fail', sideEffects: 'None', admissionReviewVersions: ['v1'],
            clientConfig: { service: { name: 'metrics-server', namespace: 'monitoring', path: '/validate' } },
            namespaceSelector: { matchLabels: { policy: 'enforced' } },
            rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] }] },
          { name: 'ignore.policy.hermetic.kapstan.dev', failurePolicy: 'Ignore', sideEffects: 'None', admissionReviewVersions: ['v1'],
            clientConfig: { service: { name: 'metrics-server', namespace: 'monitoring', path: '/validate' } },
            objectSelector: { matchLabels: { hermetic: 'yes' } },
            rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] }] },
        ] },
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata: { name: 'hermetic-local' },
        webhooks: [{ name: 'local.hermetic.kapstan.dev', failurePolicy: 'Fail', sideEffects: 'None', admissionReviewVersions: ['v1'],
          clientConfig: { url: `https://127.0.0.1:${webhookPort}/mutate`, caBundle: Buffer.from(pem(pki.caCert)).toString('base64') },
          objectSelector: { matchLabels: { hermetic: 'yes' } },
          rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] }] }] },
    ];
    const applied = await kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifests }));
    results.apply = applied;

    const condition = async (name: string) => (await json(['get', 'apiservice', name])).status?.conditions?.find((x: any) => x.type === 'Available');
    results.serviceApiService = await until('the Service-backed APIService to report a failed check', async () => {
      const cond = await condition('v1beta1.metrics.k8s.io');
      return cond?.status === 'False' && /kapstan dev cluster/.test(cond.message ?? '') ? cond : undefined;
    });
    results.localApiService = await until('the ExternalName APIService to be Available', async () => {
      const cond = await condition('v1.hermetic.kapstan.dev');
      return cond?.status === 'True' ? cond : undefined;
    });
    results.aggregatedCalls = aggregatedCalls;

    results.failWebhook = await kubectl(['-n', 'enforced', 'create', 'configmap', 'blocked', '--from-literal=a=b']);
    results.ignoreWebhook = await kubectl(['-n', 'default', 'apply', '-f', '-'], JSON.stringify(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'through', namespace: 'default', labels: { hermetic: 'yes' } }, data: { a: 'b' } }));
    results.mutated = (await json(['-n', 'default', 'get', 'configmap', 'through'])).metadata.annotations ?? {};
    results.webhookCalls = webhookCalls;

    const pod = await until('a Running metrics-server pod', async () => {
      const pods = (await json(['-n', 'monitoring', 'get', 'pods', '-l', 'app=metrics-server'])).items;
      return pods.find((p: any) => p.status?.containerStatuses?.[0]?.state?.running)?.metadata.name as string | undefined;
    });
    results.logs = await kubectl(['-n', 'monitoring', 'logs', pod]);
    results.exec = await kubectl(['-n', 'monitoring', 'exec', pod, '--', 'printenv', 'MODE']);
    results.execFile = await kubectl(['-n', 'monitoring', 'exec', pod, '--', 'cat', '/etc/metrics/config.yaml']);
    results.execOther = await kubectl(['-n', 'monitoring', 'exec', pod, '--', 'curl', '-s', 'https://example.com']);

    const pf = spawn(c.kubectlPath, ['--kubeconfig', c.kubeconfig, '-n', 'monitoring', 'port-forward', `pod/${pod}`, ':8080', ':4443']);
    let pfOut = '';
    pf.stdout.on('data', (d) => (pfOut += d));
    const ports = await until('kubectl port-forward to listen', async () => {
      const m = [...pfOut.matchAll(/Forwarding from 127\.0\.0\.1:(\d+) -> (\d+)/g)];
      return m.length >= 2 ? Object.fromEntries(m.map((x) => [x[2], Number(x[1])])) : undefined;
    });
    const get = (port: number) => new Promise<string>((res, rej) => httpGet({ host: '127.0.0.1', port, path: '/' }, (r) => {
      let b = '';
      r.on('data', (d) => (b += d));
      r.on('end', () => res(b));
    }).on('error', rej));
    results.portForwardMapped = await get(ports['8080']);
    results.portForwardDefault = await get(ports['4443']);
    pf.kill();

    // Real example stacks through Kapstan's own engine.
    const dist = join(work, 'dist');
    const kapstan = (args: string[]) => sh(process.execPath, [join(ROOT, 'bin/kapstan.js'), ...args]);
    results.synth = await kapstan(['synth', '--app', `${join(ROOT, 'node_modules/.bin/tsx')} ${join(ROOT, 'examples/main.ts')}`, '--output', dist]);
    results.kapstanApply = [];
    for (const stack of ['web', 'logging']) {
      (results.kapstanApply as Outcome[]).push(await kapstan(['apply', '--dir', join(dist, stack), '--kubeconfig', c.kubeconfig, '--yes', '--timeout', '120s']));
    }
    webhook.close();
    aggregated.close();
    app.close();
  } finally {
    writeFileSync(outFile, JSON.stringify(results, null, 2));
    await downCluster('hermetic');
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
