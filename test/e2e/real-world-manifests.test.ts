// The real-world corpus (test/fixtures/real-world) synthesized by `kapstan synth` and applied on
// the dev cluster: List kinds, a JSON stream, custom resources declared before their CRDs, a CRD
// larger than 256 KiB (which kubectl's client-side apply refuses), cluster-scoped RBAC; then an
// APIService the hermetic dev cluster cannot reach, reported Failed with the aggregator's reason.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kapstan, ndjson, ROOT } from './engine-fixtures';
import { eventually, useCluster } from './harness';

jest.setTimeout(300_000);

const FIXTURES = path.join(ROOT, 'test/fixtures/real-world');
const APP = `${path.join(ROOT, 'node_modules/.bin/tsx')} ${path.join(FIXTURES, 'app.ts')}`;

describe('real-world manifests on the dev cluster', () => {
  // A cluster of its own: the APIService it leaves unavailable would stall namespace deletion
  // (the namespace controller needs every API group's discovery) in other files' tests.
  const cluster = useCluster();
  let out: string;

  beforeAll(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-real-world-'));
    const synth = await kapstan(['synth', '--app', APP, '--output', out]);
    expect(synth.code).toBe(0);
    // Only the two CEL rules synth leaves to the API server are warned about, once each.
    // Each names the stack and the CRD object, its file, and the CRD version and field.
    const crd = 'pulse/pulse/CustomResourceDefinition-alertrules.pulse.example.com';
    expect(synth.stderr.trim().split('\n').map((l) => l.replace(/^warning (\S+) \(\S+\/crds\/alertrules\.yaml#1\): (CRD \S+ version v1: [^:]+): .*\[schema\/not-checked\]$/, '$1 $2')))
      .toEqual([`${crd} CRD alertrules.pulse.example.com version v1: spec.metricName`, `${crd} CRD alertrules.pulse.example.com version v1: spec.runbook`]);
  });
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it('applies the pulse corpus with server-side apply: every object Current, the 256 KiB+ CRD included', async () => {
    const c = cluster();
    const r = await kapstan(['apply', '--dir', path.join(out, 'pulse'), '--kubeconfig', c.kubeconfig, '--yes', '--output', 'json', '--timeout', '3m']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const summary = ndjson(r.stdout).at(-1);
    expect(summary).toMatchObject({ type: 'summary', outcome: 'succeeded', created: 20, failed: 0 });
    expect(summary.objects.filter((o: any) => o.status !== 'Current')).toEqual([]);

    // Custom resources declared before their CRD (and in a JSON stream) exist, as do the list items.
    expect((await c.kubectlJson(['get', 'alertrules.pulse.example.com', '-n', 'pulse-system'])).items.map((i: any) => i.metadata.name).sort())
      .toEqual(['api-errors', 'api-latency', 'disk-almost-full']);
    expect((await c.kubectlJson(['get', 'dashboard.pulse.example.com', 'nodes', '-n', 'pulse-system'])).spec.panels).toHaveLength(2);
    expect((await c.kubectlJson(['get', 'roles', '-n', 'pulse-system'])).items.map((i: any) => i.metadata.name).sort()).toEqual(['pulse-config', 'pulse-rules']);
    expect((await c.kubectlJson(['get', 'clusterrolebinding', 'pulse-reader'])).subjects[0].name).toBe('pulse-server');

    // The large CRD is stored whole and established; no last-applied annotation was needed.
    const crd = await c.kubectlJson(['get', 'crd', 'dashboards.pulse.example.com']);
    expect(JSON.stringify(crd.spec).length).toBeGreaterThan(262_144);
    expect(crd.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBeUndefined();
    expect(crd.status.conditions.find((x: any) => x.type === 'Established').status).toBe('True');
  });

  it("kubectl's client-side apply refuses the same CRD: its last-applied annotation would exceed 256 KiB", async () => {
    const c = cluster();
    const file = path.join(FIXTURES, 'pulse/crds/dashboards.yaml');
    const refused = await c.kubectl(['apply', '--dry-run=server', '-f', file]).then(() => '', (e: Error) => e.message);
    expect(refused).toMatch(/metadata\.annotations: Too long: (must have at most|may not be more than) 262144 bytes/);
  });

  it('a second apply of the corpus writes nothing', async () => {
    const c = cluster();
    const r = await kapstan(['apply', '--dir', path.join(out, 'pulse'), '--kubeconfig', c.kubeconfig, '--yes', '--output', 'json']);
    expect(r.code).toBe(0);
    expect(ndjson(r.stdout).at(-1)).toMatchObject({ created: 0, updated: 0, unchanged: 20 });
  });

  it('an APIService whose Service does not answer is Failed with FailedDiscoveryCheck, naming the Service; webhooks are Current', async () => {
    const c = cluster();
    const r = await kapstan(['apply', '--dir', path.join(out, 'pulse-metrics'), '--kubeconfig', c.kubeconfig, '--yes', '--output', 'json', '--timeout', '3m']);
    expect(r.code).toBe(1);
    // The tracker's outcome per object (the final summary repeats status and message).
    const done = ndjson(r.stdout).find((e) => e.type === 'track-done');
    const byKind = (kind: string) => done.objects.find((o: any) => o.kind === kind);
    expect(byKind('APIService')).toMatchObject({ status: 'Failed', reason: 'FailedDiscoveryCheck' });
    expect(byKind('APIService').message).toMatch(/^service pulse-metrics\/metrics-api unavailable: FailedDiscoveryCheck: /);
    expect(byKind('ValidatingWebhookConfiguration')).toMatchObject({ status: 'Current', message: '1 webhook registered, calling pulse-metrics/metrics-api' });
    expect(byKind('MutatingWebhookConfiguration').status).toBe('Current');
    expect(byKind('Deployment').status).toBe('Current');
    // The API server says the same.
    await eventually('the APIService is Available=False', async () => {
      const api = await c.kubectlJson(['get', 'apiservice', 'v1beta1.metrics.pulse.example.com']);
      return api.status?.conditions?.find((x: any) => x.type === 'Available')?.reason === 'FailedDiscoveryCheck';
    });
  });
});
