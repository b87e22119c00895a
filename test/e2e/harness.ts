// E2E harness: gives a test file a real local control plane (see dev-cluster/README.md).
//
//   const cluster = useCluster();                   // own cluster, up in beforeAll, down in afterAll
//   const shared = useCluster({ shared: true });    // one cluster reused by every file of the run
//   const [a, b, c] = useClusters(3);               // several at once (federation)
//   test('...', async () => { await cluster().kubectl(['get', 'nodes']); });
//
// Binaries are built (or reused) by the e2e global setup, which fails plainly when Go is missing.
import { execFile } from 'node:child_process';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { downCluster, getCluster, upCluster, type DevCluster, type UpOptions } from '../../dev-cluster';
import { clustersRoot } from '../../dev-cluster/paths';
import { withLock } from '../../dev-cluster/lock';
import { useE2EHome } from './global-home';

const run = promisify(execFile);

useE2EHome();

/** Generous per-hook/test budget: it only bounds a hang, nothing asserts on durations. */
export const E2E_TIMEOUT_MS = 180_000;
jest.setTimeout(E2E_TIMEOUT_MS);

export interface E2ECluster extends DevCluster {
  /** Runs the built kubectl against this cluster; rejects with kubectl's stderr on failure. */
  kubectl(args: string[], opts?: { input?: string }): Promise<string>;
  /** `kubectl ... -o json`, parsed. */
  kubectlJson<T = any>(args: string[]): Promise<T>;
  /** `kubectl apply -f -` of a YAML or JSON document string. */
  apply(manifest: string | object): Promise<string>;
}

export function kubectlFor(c: DevCluster): E2ECluster {
  const kubectl = async (args: string[], opts: { input?: string } = {}) => {
    const full = ['--kubeconfig', c.kubeconfig, ...args];
    try {
      if (opts.input !== undefined) return await runWithInput(c.kubectlPath, full, opts.input);
      const { stdout } = await run(c.kubectlPath, full, { maxBuffer: 64 * 1024 * 1024 });
      return stdout;
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`kubectl ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`);
    }
  };
  return {
    ...c,
    kubectl,
    kubectlJson: async (args) => JSON.parse(await kubectl([...args, '-o', 'json'])),
    apply: (m) => kubectl(['apply', '-f', '-'], { input: typeof m === 'string' ? m : JSON.stringify(m) }),
  };
}

function runWithInput(cmd: string, args: string[], input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(err, { stderr }));
      else resolve(stdout);
    });
    child.stdin!.end(input);
  });
}

/** A cluster name unique to the calling test file (and index), valid as a directory name. */
function nameFor(suffix: string): string {
  const file = basename(expect.getState().testPath ?? 'e2e').replace(/\.test\.ts$/, '');
  const slug = file.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 24);
  return `${slug || 'e2e'}-${suffix}`;
}

const SHARED = 'shared';

/** Starts (or, for the shared cluster, reuses) a cluster outside Jest hooks. */
export async function startCluster(opts: UpOptions & { shared?: boolean } = {}): Promise<E2ECluster> {
  if (opts.shared) {
    // Parallel workers may all ask for it: one starts it, the others wait and reuse it.
    return withLock(join(clustersRoot(), '.shared-harness.lock'), 'the shared e2e cluster', async () => {
      const running = getCluster(SHARED);
      if (running) return kubectlFor(running);
      return kubectlFor(await upCluster({ ...opts, name: SHARED, build: false }));
    });
  }
  return kubectlFor(await upCluster({ build: false, ...opts }));
}

/**
 * Registers beforeAll/afterAll that bring a cluster up and down for this test file; returns an
 * accessor to call inside tests. The shared cluster is left running for later files and torn
 * down by the global teardown.
 */
export function useCluster(opts: UpOptions & { shared?: boolean } = {}): () => E2ECluster {
  return useClusters(1, opts)[0];
}

/** Like useCluster, for `count` clusters started side by side (e.g. a federation of three). */
export function useClusters(count: number, opts: UpOptions & { shared?: boolean } = {}): Array<() => E2ECluster> {
  if (opts.shared && count !== 1) throw new Error('useClusters: only one shared cluster exists');
  const clusters: Array<E2ECluster | undefined> = new Array(count).fill(undefined);
  beforeAll(async () => {
    const names = opts.shared ? [SHARED] : Array.from({ length: count }, (_, i) => opts.name && count === 1 ? opts.name : nameFor(String(i + 1)));
    const started = await Promise.allSettled(names.map((name) => startCluster({ ...opts, name })));
    started.forEach((r, i) => {
      if (r.status === 'fulfilled') clusters[i] = r.value;
    });
    const failed = started.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
    if (failed) throw failed.reason;
  }, E2E_TIMEOUT_MS);
  afterAll(async () => {
    if (opts.shared) return;
    for (const c of clusters) if (c) await downCluster(c.name);
  }, E2E_TIMEOUT_MS);
  return clusters.map((_, i) => () => {
    const c = clusters[i];
    if (!c) throw new Error('the dev cluster is not up (did beforeAll fail? see the error above)');
    return c;
  });
}

/** Polls `probe` until it returns a truthy value, and returns it; fails with `what` and the last value seen. */
export async function eventually<T>(what: string, probe: () => Promise<T>, timeoutMs = 90_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (err) {
      last = err instanceof Error ? err.message : err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`never happened: ${what} (last: ${JSON.stringify(last)})`);
}
