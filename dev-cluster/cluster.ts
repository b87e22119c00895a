import { get as httpGet } from 'node:http';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevApi, waitFor } from './api';
import { binDir, binaryPath, ensureBinaries } from './binaries';
import { COMPONENTS, egressSelectorConfig, processSpec, type ComponentName, type Layout } from './components';
import { writeKubeconfig } from './kubeconfig';
import { nodeManifests, type NodePlan } from './nodes';
import { withLock } from './lock';
import { checkClusterName, clusterDir, clustersRoot } from './paths';
import { createPki } from './pki';
import { freePorts } from './ports';
import { isOurProcess, startProcess, stopProcess, tailLog, type ProcessSpec } from './process';
import { clusterNames, readState, writeState, type ClusterState } from './state';
import { storageClassManifest } from './storage';

export interface UpOptions {
  /** Cluster name (default `kapstan`); several clusters with different names run side by side. */
  name?: string;
  /** Ordinary worker nodes (default 3). */
  nodes?: number;
  /** Extra GPU nodes, tainted `nvidia.com/gpu=present:NoSchedule` (default 1). */
  gpuNodes?: number;
  gpusPerNode?: number;
  /** Zone label values, assigned round-robin (default local-a, local-b, local-c). */
  zones?: string[];
  region?: string;
  /** Build missing binaries first (default true); false fails fast instead. */
  build?: boolean;
  /** Progress messages (default: none). */
  log?: (msg: string) => void;
  timeoutMs?: number;
}

export interface DevCluster {
  name: string;
  kubeconfig: string;
  context: string;
  server: string;
  dir: string;
  nodes: string[];
  /** Directory with the built binaries, including `kubectl`. */
  binDir: string;
  kubectlPath: string;
  /** How long `up` took, in milliseconds. */
  startedInMs: number;
}

export const DEFAULT_CLUSTER = 'kapstan';

const MARKER = (dir: string) => dir + '/';

function specAlive(s: ProcessSpec & { pid: number }, dir: string): boolean {
  return isOurProcess(s.pid, s.binary, MARKER(dir));
}

function apiFor(state: ClusterState): DevApi {
  return new DevApi(state.server, state.tls);
}

function etcdHealthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpGet({ host: '127.0.0.1', port, path: '/health', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

/** Fails fast, with the component's log, when a process we started has exited. */
function assertRunning(state: ClusterState): void {
  for (const c of COMPONENTS) {
    const s = state.components[c];
    if (s && !specAlive(s, state.dir)) {
      throw new Error(`${c} of dev cluster "${state.name}" exited; last lines of ${s.log}:\n${tailLog(s.log)}`);
    }
  }
}

async function waitComponentReady(state: ClusterState, c: ComponentName, timeoutMs: number): Promise<void> {
  const describe = () => `last lines of ${state.components[c]?.log}:\n${tailLog(state.components[c]?.log ?? '')}`;
  if (c === 'etcd') {
    await waitFor('etcd to be healthy', timeoutMs, async () => (assertRunning(state), etcdHealthy(state.ports.etcdClient)), describe);
  } else if (c === 'kube-apiserver') {
    const api = apiFor(state);
    await waitFor('kube-apiserver to be ready', timeoutMs, async () => {
      assertRunning(state);
      return (await api.call('GET', '/readyz', undefined, 2000)).status === 200;
    }, describe);
  }
}

function launch(state: ClusterState, c: ComponentName, spec: ProcessSpec): void {
  const pid = startProcess(spec);
  state.components[c] = { ...spec, pid };
  writeState(state);
}

/**
 * Starts a local control plane (etcd, kube-apiserver, controller-manager, scheduler, kwok and the
 * volume provisioner) on free loopback ports, creates the nodes and the default StorageClass, and
 * waits until nodes are Ready and the `default` service account exists.
 */
export async function upCluster(opts: UpOptions = {}): Promise<DevCluster> {
  const name = opts.name ?? DEFAULT_CLUSTER;
  checkClusterName(name);
  return withLock(join(clustersRoot(), `.${name}.lock`), `another \`up\`/\`down\` of dev cluster "${name}"`, () => up(name, opts));
}

async function up(name: string, opts: UpOptions): Promise<DevCluster> {
  const t0 = Date.now();
  const log = opts.log ?? (() => {});
  const timeoutMs = opts.timeoutMs ?? 90_000;
  const plan: NodePlan = {
    nodes: opts.nodes ?? 3,
    gpuNodes: opts.gpuNodes ?? 1,
    gpusPerNode: opts.gpusPerNode ?? 2,
    zones: opts.zones?.length ? opts.zones : ['local-a', 'local-b', 'local-c'],
    region: opts.region ?? 'local',
  };
  if (plan.nodes + plan.gpuNodes < 1) throw new Error('a dev cluster needs at least one node');

  const existing = readState(name);
  if (existing) {
    if (COMPONENTS.some((c) => existing.components[c] && specAlive(existing.components[c]!, existing.dir))) {
      throw new Error(`dev cluster "${name}" is already running (kubeconfig ${existing.kubeconfig}); run \`kapstan dev-cluster down --name ${name}\` first`);
    }
    log(`removing stale state of dev cluster "${name}"`);
    await down(existing);
  }

  await ensureBinaries({ build: opts.build });
  const dir = clusterDir(name);
  rmSync(dir, { recursive: true, force: true });
  for (const sub of ['logs', 'run', 'components', 'volumes']) mkdirSync(join(dir, sub), { recursive: true });

  const pki = await createPki(join(dir, 'pki'));
  const context = `kapstan-${name}`;
  const kubeconfigs = {
    admin: join(dir, 'kubeconfig'),
    controllerManager: join(dir, 'components', 'controller-manager.kubeconfig'),
    scheduler: join(dir, 'components', 'scheduler.kubeconfig'),
  };
  const egress = { config: join(dir, 'components', 'egress-selector.yaml'), socket: guardSocket(dir) };
  writeFileSync(egress.config, egressSelectorConfig(egress.socket));
  let layout!: Layout;
  let state!: ClusterState;
  // Ports are free when picked but another process (e.g. a cluster started in parallel) may
  // take one before etcd or the apiserver binds it: then pick new ones and try again.
  for (let attempt = 1; ; attempt++) {
    const [etcdClient, etcdPeer, apiserver] = await freePorts(3);
    const server = `https://127.0.0.1:${apiserver}`;
    layout = { dir, pki, ports: { etcdClient, etcdPeer, apiserver }, kubeconfigs, egress };
    writeKubeconfig(kubeconfigs.admin, { context, server, caCert: pki.caCert, ...pki.clients.admin });
    writeKubeconfig(kubeconfigs.controllerManager, { context, server, caCert: pki.caCert, ...pki.clients['controller-manager'] });
    writeKubeconfig(kubeconfigs.scheduler, { context, server, caCert: pki.caCert, ...pki.clients.scheduler });
    state = {
      name,
      dir,
      kubeconfig: kubeconfigs.admin,
      context,
      server,
      ports: layout.ports,
      nodes: plan,
      createdAt: new Date().toISOString(),
      components: {},
      tls: { caCert: pki.caCert, ...pki.clients.admin },
    };
    writeState(state);
    try {
      log('starting etcd');
      launch(state, 'etcd', processSpec('etcd', layout));
      await waitComponentReady(state, 'etcd', timeoutMs);
      log('starting kube-apiserver');
      launch(state, 'kube-apiserver', processSpec('kube-apiserver', layout));
      await waitComponentReady(state, 'kube-apiserver', timeoutMs);
      break;
    } catch (err) {
      await stopAll(state);
      const clash = ['etcd', 'kube-apiserver'].some((c) => /address already in use/.test(tailLog(join(dir, 'logs', `${c}.log`), 40)));
      if (!clash || attempt >= 3) throw err;
      log('a port was taken meanwhile; retrying with new ports');
      rmSync(join(dir, 'etcd'), { recursive: true, force: true });
      for (const c of ['etcd', 'kube-apiserver']) rmSync(join(dir, 'logs', `${c}.log`), { force: true });
    }
  }
  const server = state.server;

  try {
    log('starting netguard, controller-manager, scheduler, kwok and provisioner');
    for (const c of COMPONENTS.slice(COMPONENTS.indexOf('kube-apiserver') + 1)) launch(state, c, processSpec(c, layout));

    const api = apiFor(state);
    const nodes = nodeManifests(plan);
    await Promise.all([...nodes.map((n) => api.create('/api/v1/nodes', n)), api.create('/apis/storage.k8s.io/v1/storageclasses', storageClassManifest())]);
    const nodeNames = nodes.map((n) => (n as { metadata: { name: string } }).metadata.name);
    log(`waiting for ${nodeNames.length} nodes to be Ready and the default service account`);
    await waitFor('nodes to be Ready', timeoutMs, async () => {
      assertRunning(state);
      const res = await api.call('GET', '/api/v1/nodes');
      const items: any[] = res.body?.items ?? [];
      const ready = items.filter((n) => n.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True'));
      return ready.length === nodeNames.length;
    }, () => `kwok log:\n${tailLog(state.components.kwok!.log)}`);
    await waitFor('the default service account', timeoutMs, async () => {
      assertRunning(state);
      return (await api.call('GET', '/api/v1/namespaces/default/serviceaccounts/default')).status === 200;
    }, () => `controller-manager log:\n${tailLog(state.components['kube-controller-manager']!.log)}`);
    return {
      name,
      kubeconfig: state.kubeconfig,
      context,
      server,
      dir,
      nodes: nodeNames,
      binDir: binDir(),
      kubectlPath: binaryPath('kubectl'),
      startedInMs: Date.now() - t0,
    };
  } catch (err) {
    // Leave no process behind; keep the directory (and its logs) for diagnosis until `down`.
    await stopAll(state);
    throw err;
  }
}

async function stopAll(state: ClusterState): Promise<void> {
  for (const c of [...COMPONENTS].reverse()) {
    const s = state.components[c];
    if (s) await stopProcess(s.pid, s.binary, MARKER(state.dir));
  }
}

/** Stops exactly the processes this cluster started (by pid) and removes its directory. */
export async function downCluster(name: string = DEFAULT_CLUSTER): Promise<void> {
  checkClusterName(name);
  await withLock(join(clustersRoot(), `.${name}.lock`), `another \`up\`/\`down\` of dev cluster "${name}"`, async () => {
    const state = readState(name);
    if (!state) throw new Error(`no dev cluster named "${name}" (see \`kapstan dev-cluster list\`)`);
    await down(state);
  });
}

async function down(state: ClusterState): Promise<void> {
  await stopAll(state);
  rmSync(guardSocket(state.dir), { force: true });
  rmSync(state.dir, { recursive: true, force: true });
}

/**
 * The netguard's Unix socket. A socket path may not exceed 107 bytes; a deep KAPSTAN_HOME gets one
 * in the temp directory, named after the cluster directory.
 */
function guardSocket(dir: string): string {
  const inDir = join(dir, 'run', 'netguard.sock');
  if (Buffer.byteLength(inDir) <= 100) return inDir;
  return join(tmpdir(), `kapstan-netguard-${createHash('sha256').update(dir).digest('hex').slice(0, 12)}.sock`);
}

export interface ClusterInfo {
  name: string;
  kubeconfig: string;
  server: string;
  /** running: every component is up; partial: some are; stopped: none is. */
  status: 'running' | 'partial' | 'stopped';
  components: Record<string, { pid: number; running: boolean }>;
  nodes: NodePlan;
  createdAt: string;
}

export function clusterInfo(name: string = DEFAULT_CLUSTER): ClusterInfo | undefined {
  const state = readState(name);
  if (!state) return undefined;
  const components: ClusterInfo['components'] = {};
  for (const c of COMPONENTS) {
    const s = state.components[c];
    if (s) components[c] = { pid: s.pid, running: specAlive(s, state.dir) };
  }
  const up = Object.values(components).filter((c) => c.running).length;
  return {
    name,
    kubeconfig: state.kubeconfig,
    server: state.server,
    status: up === COMPONENTS.length ? 'running' : up === 0 ? 'stopped' : 'partial',
    components,
    nodes: state.nodes,
    createdAt: state.createdAt,
  };
}

export function listClusters(): ClusterInfo[] {
  return clusterNames().map((n) => clusterInfo(n)!).filter(Boolean);
}

function requireState(name: string): ClusterState {
  const state = readState(name);
  if (!state) throw new Error(`no dev cluster named "${name}"`);
  return state;
}

/** Stops one component (e.g. to test how clients cope with the apiserver going away). */
export async function stopComponent(name: string, component: ComponentName): Promise<void> {
  const state = requireState(name);
  const s = state.components[component];
  if (s) await stopProcess(s.pid, s.binary, MARKER(state.dir));
}

/** Starts a stopped component again with its original flags and waits until it serves. */
export async function startComponent(name: string, component: ComponentName, timeoutMs = 60_000): Promise<void> {
  const state = requireState(name);
  const s = state.components[component];
  if (!s) throw new Error(`dev cluster "${name}" has no ${component}`);
  if (specAlive(s, state.dir)) return;
  const { pid: _old, ...spec } = s;
  launch(state, component, spec);
  await waitComponentReady(state, component, timeoutMs);
}

/** Stops and starts one component; for the apiserver, resolves once it is ready again. */
export async function restartComponent(name: string, component: ComponentName, opts: { downForMs?: number; timeoutMs?: number } = {}): Promise<void> {
  await stopComponent(name, component);
  if (opts.downForMs) await new Promise((r) => setTimeout(r, opts.downForMs));
  await startComponent(name, component, opts.timeoutMs);
}

/** A running cluster's connection details (as `upCluster` returned them), or undefined. */
export function getCluster(name: string = DEFAULT_CLUSTER): DevCluster | undefined {
  const state = readState(name);
  if (!state || clusterInfo(name)?.status !== 'running') return undefined;
  return {
    name,
    kubeconfig: state.kubeconfig,
    context: state.context,
    server: state.server,
    dir: state.dir,
    nodes: nodeManifests(state.nodes).map((n) => (n as { metadata: { name: string } }).metadata.name),
    binDir: binDir(),
    kubectlPath: binaryPath('kubectl'),
    startedInMs: 0,
  };
}
