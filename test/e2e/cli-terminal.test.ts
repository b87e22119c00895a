// The CLI in a real pseudo-terminal at 60, 80 and 160 columns, resized mid-run and interrupted
// with Ctrl-C: the screens a user sees afterwards, compared with reviewed snapshots
// (test/e2e/__screens__/; durations, ports, namespaces and paths normalised).
import { markAutoscaled, usePoolCluster } from './capacity-fixtures';
import type { ClusterInfo } from './engine-cluster';
import { configMap, deployment, namespace, service, writeStack } from './engine-fixtures';
import { kapstanInPty, normalizeScreen, reviewedScreen, screenNamespace } from './pty';

jest.setTimeout(240_000);

/** A small web stack; with `pool`, its Deployment waits for a node of that pool (the stack says the cluster grows). */
function webStack(ns: string, pool?: string): string {
  const web = deployment(ns, 'storefront-web', 'nginx:1.27', { replicas: 2, ...(pool ? { nodeSelector: { pool } } : {}) });
  const dist = writeStack('web', ns, [namespace(ns), configMap(ns, 'storefront-config'), service(ns, 'storefront-web'), web]);
  if (pool) markAutoscaled(dist, 'web');
  return dist;
}

const headers = (lines: string[]) => lines.filter((l) => l.includes('KIND/NAME')).length;

describe('the CLI in a terminal', () => {
  const pools = usePoolCluster();
  let c: ClusterInfo;
  beforeAll(() => ({ cluster: c } = pools()));

  /** A node of `pool` joins, as a node group scaled up would add it. */
  const addNode = async (pool: string) => { await pools.addNode(pool); };

  for (const columns of [60, 80, 160]) {
    it(`apply at ${columns} columns: one table, rows within the width, every object on the final screen`, async () => {
      const ns = screenNamespace();
      const dist = webStack(ns);
      const r = await kapstanInPty(['apply', '--dir', dist, '--kubeconfig', c.kubeconfig], { columns, rows: 24, env: { NO_COLOR: '1' } });
      expect(r.code).toBe(0);
      expect(headers(r.everything)).toBe(1);
      for (const l of r.everything) expect(l.length).toBeLessThanOrEqual(columns);
      const text = normalizeScreen(r.screen, { [dist]: 'DIST' });
      expect(text).toBe(reviewedScreen(`apply-${columns}`, text));
    });
  }

  it('resized from 160 to 60 columns while waiting: no copies of the table left behind', async () => {
    const ns = screenNamespace();
    const pool = `pool-${ns.slice(-6)}`;
    const dist = webStack(ns, pool);
    let nodeAdded = false;
    const r = await kapstanInPty(['apply', '--dir', dist, '--kubeconfig', c.kubeconfig], {
      columns: 160, rows: 24, env: { NO_COLOR: '1' },
      onOutput: (raw, ctl) => {
        if (/waiting for capacity/.test(raw)) ctl.resize(60, 24);
        // Once the table has been drawn again at the new width, the node comes.
        const after = raw.split('\u001b]0;kapstan-resized\u0007')[1];
        if (!nodeAdded && after && after.includes('KIND/NAME')) {
          nodeAdded = true;
          void addNode(pool);
        }
      },
    });
    expect(nodeAdded).toBe(true);
    expect(r.code).toBe(0);
    expect(headers(r.everything)).toBe(1);
    const text = normalizeScreen(r.screen, { [dist]: 'DIST', [pool]: 'POOL' });
    expect(text).toBe(reviewedScreen('apply-resized-160-to-60', text));
  });

  it('Ctrl-C while waiting for the rollout: the table stops, then what was left and how to go on, exit 130', async () => {
    const ns = screenNamespace();
    const dist = webStack(ns, `never-${ns.slice(-6)}`);
    let typed = false;
    const r = await kapstanInPty(['apply', '--dir', dist, '--kubeconfig', c.kubeconfig], {
      columns: 100, rows: 24, env: { NO_COLOR: '1' },
      onOutput: (raw, ctl) => {
        if (!typed && /3\/4 current/.test(raw) && /waiting for capacity/.test(raw)) {
          typed = true;
          ctl.type('\u0003');
        }
      },
    });
    expect(r.code).toBe(130);
    expect(headers(r.everything)).toBe(1);
    const screen = r.screen.join('\n');
    expect(screen).toMatch(/tracking stopped after \d+\.\ds: 3\/4 ready/);
    expect(screen).toContain('interrupted: revision 1 is recorded as applied (not verified); the rollout goes on in the cluster');
    expect(screen).toContain(`kapstan status --dir ${dist}`);
  });

  it('Ctrl-C while synthesizing: exit 130 at once', async () => {
    let typed = false;
    const r = await kapstanInPty(['diff', '--app', `${process.execPath} -e "setTimeout(() => {}, 600000)"`, '--kubeconfig', c.kubeconfig], {
      columns: 80, rows: 24, env: { NO_COLOR: '1' },
      onOutput: (raw, ctl) => {
        if (!typed && /synthesizing/.test(raw)) {
          typed = true;
          ctl.type('\u0003');
        }
      },
    });
    expect(r.code).toBe(130);
    expect(r.screen.at(-1)).toBe('interrupted');
  });
});
