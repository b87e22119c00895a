// PostgresCluster on the dev cluster: applied through Kapstan, the StatefulSet reaches Current
// with every data claim Bound on the StorageClass, and -rw routes to ordinal 0 only.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { Namespace, PostgresCluster } from '../../constructs';
import { eventually, useCluster } from './harness';
import { applyStack, synthStack } from './patterns-synth';

const cluster = useCluster({ shared: true });
const ns = 'e2e-postgres';

describe('PostgresCluster on the dev cluster', () => {
  let stackDir: string;
  beforeAll(() => {
    stackDir = synthStack('pg', { namespace: ns, validation: { external: { storageClasses: ['standard'] } } }, (stack) => {
      new Namespace(stack, 'Namespace', { metadata: { name: ns } });
      new PostgresCluster(stack, 'orders', { instances: 3, storageClassName: 'standard', storageSize: '1Gi', credentials: { seed: 'e2e-seed' } });
    });
  });

  it('applies and reaches Current with bound claims', async () => {
    const c = cluster();
    const r = await applyStack(stackDir, c.kubeconfig);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.summary).toMatchObject({ type: 'summary', outcome: 'succeeded' });
    expect(r.summary.objects.find((o: any) => o.kind === 'StatefulSet').status).toBe('Current');

    const sts = await c.kubectlJson(['-n', ns, 'get', 'statefulset', 'orders']);
    expect(sts.status.readyReplicas).toBe(3);
    const claims = await c.kubectlJson(['-n', ns, 'get', 'pvc']);
    expect(claims.items.map((p: any) => `${p.metadata.name}:${p.status.phase}:${p.spec.storageClassName}`).sort()).toEqual([
      'data-orders-0:Bound:standard', 'data-orders-1:Bound:standard', 'data-orders-2:Bound:standard',
    ]);
  });

  it('spreads instances across zones and routes -rw to the primary only', async () => {
    const c = cluster();
    const pods = await c.kubectlJson(['-n', ns, 'get', 'pods', '-l', 'app.kubernetes.io/instance=orders']);
    const nodes = await c.kubectlJson(['get', 'nodes']);
    const zoneOf = new Map(nodes.items.map((n: any) => [n.metadata.name, n.metadata.labels['topology.kubernetes.io/zone']]));
    const zones = new Set(pods.items.map((p: any) => zoneOf.get(p.spec.nodeName)));
    expect(zones.size).toBe(3);
    const rw = await eventually('-rw has one ready endpoint', async () => {
      const slices = await c.kubectlJson(['-n', ns, 'get', 'endpointslices', '-l', 'kubernetes.io/service-name=orders-rw']);
      const eps = slices.items.flatMap((s: any) => s.endpoints ?? []).filter((e: any) => e.conditions?.ready);
      return eps.length === 1 ? eps : undefined;
    });
    expect(rw[0].targetRef.name).toBe('orders-0');
  });

  it('a second apply changes nothing and never prints the generated password', async () => {
    const r = await applyStack(stackDir, cluster().kubeconfig);
    expect(r.code).toBe(0);
    expect(r.summary).toMatchObject({ created: 0, updated: 0 });
    const file = fs.readdirSync(stackDir).find((f) => f.includes('config'))!;
    const secret = YAML.parseAllDocuments(fs.readFileSync(path.join(stackDir, file), 'utf8')).map((d) => d.toJS()).find((o) => o?.kind === 'Secret');
    expect(secret.stringData.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(r.stdout + r.stderr).not.toContain(secret.stringData.password);
  });
});
