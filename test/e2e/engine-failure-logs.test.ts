// A crashing container's failure ends with the last lines it printed (the dev cluster serves pod
// logs through its netguard), with Secret values of the stack masked in text and JSON.
import { engineCluster, ClusterInfo } from './engine-cluster';
import { deployment, kapstan, namespace, ndjson, secret, uniqueNs, writeStack } from './engine-fixtures';

jest.setTimeout(240_000);

const PASSWORD = 'hunter2-Zq8vN3xk';

function crashing(ns: string) {
  const d = deployment(ns, 'worker', 'registry.example/worker:kapstan-crash');
  (d.spec.template.metadata as any).annotations = {
    'kapstan.dev/log': `connecting to postgres://app@db:5432/orders\nFATAL: password authentication failed for user "app" (password ${PASSWORD})`,
  };
  return d;
}

describe('engine: failure output shows the crashed container\'s last log lines', () => {
  const clusterOf = engineCluster({ shared: true });
  let c: ClusterInfo;
  beforeAll(() => { c = clusterOf(); });

  it('text and JSON name the pod and container, quote its output, and mask the Secret value', async () => {
    const ns = uniqueNs('e2e-logs');
    const dist = writeStack('logs', ns, [namespace(ns), secret(ns, 'db', { password: PASSWORD }), crashing(ns)]);

    const json = await kapstan(['apply', '--dir', dist, '--kubeconfig', c.kubeconfig, '--timeout', '60s', '--output', 'json']);
    expect(json.code).toBe(1);
    const summary = ndjson(json.stdout).at(-1);
    expect(summary.type).toBe('summary');
    const failed = summary.objects.find((o: any) => o.kind === 'Deployment');
    expect(failed?.logs).toMatchObject({ container: 'main', pod: expect.stringMatching(/^worker-/) });
    expect(failed.logs.lines.join('\n')).toMatch(/FATAL: password authentication failed/);
    expect(json.stdout).not.toContain(PASSWORD);

    const text = await kapstan(['apply', '--dir', dist, '--kubeconfig', c.kubeconfig, '--timeout', '60s']);
    expect(text.code).toBe(1);
    const out = text.stdout + text.stderr;
    expect(out).toMatch(/last log lines of pod worker-[a-z0-9]+-[a-z0-9]+, container main:/);
    expect(out).toMatch(/connecting to postgres:\/\/app@db:5432\/orders/);
    expect(out).toMatch(/exited with code 1 \(Error\)/);
    expect(out).not.toContain(PASSWORD);
  });
});
