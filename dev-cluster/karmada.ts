import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DevApi, waitFor } from './api';
import { binDir, binaryPath, ensureBinaries } from './binaries';
import { downCluster, getCluster, upCluster, type UpOptions } from './cluster';
import { egressSelectorConfig } from './components';
import { KARMADA_BINARIES, KARMADA_COMPONENTS, karmadaProcessSpec, type KarmadaComponent, type KarmadaLayout } from './karmada-components';
import { createAll, karmadaApiService, karmadaCrds, karmadaWebhooks, namespace, type InstallTarget } from './karmada-install';
import { joinMember, MEMBER_NAMESPACE, waitMemberReady, type MemberSpec } from './karmada-members';
import { createKarmadaPki } from './karmada-pki';
import { writeKubeconfig } from './kubeconfig';
import { withLock } from './lock';
import { checkClusterName, clusterDir, clustersRoot } from './paths';
import { createPki } from './pki';
import { freePorts } from './ports';
import { isOurProcess, startProcess, stopProcess, tailLog, type ProcessSpec } from './process';

// A Karmada control plane beside the dev clusters: its own etcd and kube-apiserver (with the
// aggregation layer), Karmada's aggregated apiserver (the cluster.karmada.io API) and webhook on
// loopback ports, its controller manager and scheduler, and member dev clusters registered in
// Push mode. State lives in `<clusters>/<name>/karmada.json`; `downKarmada` stops exactly its
// processes and the members it started.

export interface KarmadaUpOptions {
  /** Name of the control plane (default `karmada`); its kubeconfig context is `kapstan-<name>`. */
  name?: string;
  /** Members to start as new dev clusters (named `<member>`), or existing dev clusters to join. */
  members?: Array<string | MemberSpec>;
  /** Options of the member dev clusters it starts (nodes, zones …). */
  memberOptions?: UpOptions;
  build?: boolean;
  log?: (msg: string) => void;
  timeoutMs?: number;
}

export interface KarmadaPlane {
  name: string;
  kubeconfig: string;
  context: string;
  server: string;
  dir: string;
  /** Karmada Cluster name → the dev cluster serving it. */
  members: MemberSpec[];
  startedInMs: number;
}

interface KarmadaState extends Omit<KarmadaPlane, 'startedInMs'> {
  ports: { etcdClient: number; etcdPeer: number; apiserver: number; aggregatedApiserver: number; webhook: number };
  components: Partial<Record<KarmadaComponent, ProcessSpec & { pid: number }>>;
  /** Member dev clusters this control plane started (and `down` removes). */
  startedMembers: string[];
  tls: { caCert: string; cert: string; key: string };
  createdAt: string;
}

export const DEFAULT_KARMADA = 'karmada';
const stateFile = (name: string) => join(clusterDir(name), 'karmada.json');
const marker = (dir: string) => dir + '/';

function readKarmadaState(name: string): KarmadaState | undefined {
  const f = stateFile(name);
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as KarmadaState) : undefined;
}
function writeKarmadaState(s: KarmadaState): void {
  writeFileSync(stateFile(s.name), JSON.stringify(s, null, 2) + '\n');
}

/** The copy of Karmada's CRDs and deploy manifests that build.sh keeps beside the binaries. */
export function karmadaFilesDir(): string {
  return execFileSync('bash', [join(__dirname, 'build.sh'), '--print-karmada-dir'], { encoding: 'utf8' }).trim();
}

function alive(s: KarmadaState, c: KarmadaComponent): boolean {
  const p = s.components[c];
  return !!p && isOurProcess(p.pid, p.binary, marker(s.dir));
}

function assertRunning(s: KarmadaState): void {
  for (const c of KARMADA_COMPONENTS) {
    const p = s.components[c];
    if (p && !alive(s, c)) throw new Error(`${c} of Karmada control plane "${s.name}" exited; last lines of ${p.log}:\n${tailLog(p.log)}`);
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port }, () => (sock.destroy(), resolve(true)));
    sock.on('error', () => resolve(false));
  });
}

/**
 * Starts a Karmada control plane and registers its members (starting the ones given by name as
 * new dev clusters). Resolves when the Cluster API is served and every member is Ready.
 */
export async function upKarmada(opts: KarmadaUpOptions = {}): Promise<KarmadaPlane> {
  const name = opts.name ?? DEFAULT_KARMADA;
  checkClusterName(name);
  // Every name is checked before anything starts.
  for (const m of opts.members ?? []) {
    const spec = typeof m === 'string' ? { name: m, devCluster: m } : m;
    checkClusterName(spec.name);
    checkClusterName(spec.devCluster);
    if (spec.devCluster === name) throw new Error(`member "${spec.devCluster}" has the name of the Karmada control plane`);
  }
  return withLock(join(clustersRoot(), `.${name}.lock`), `another \`up\`/\`down\` of "${name}"`, () => up(name, opts));
}

async function up(name: string, opts: KarmadaUpOptions): Promise<KarmadaPlane> {
  const t0 = Date.now();
  const log = opts.log ?? (() => {});
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const existing = readKarmadaState(name);
  if (existing) {
    if (KARMADA_COMPONENTS.some((c) => alive(existing, c))) throw new Error(`Karmada control plane "${name}" is already running (kubeconfig ${existing.kubeconfig}); run \`kapstan dev-cluster down --name ${name}\` first`);
    await down(existing);
  }
  if (existsSync(join(clusterDir(name), 'state.json'))) throw new Error(`"${name}" is a dev cluster; give the Karmada control plane another --name`);
  await ensureBinaries({ build: opts.build });
  const missing = KARMADA_BINARIES.filter((b) => !existsSync(join(binDir(), b)));
  if (missing.length) throw new Error(`Karmada binaries missing from ${binDir()}: ${missing.join(', ')}. Run dev-cluster/build.sh (needs Go).`);
  const filesDir = karmadaFilesDir();
  if (!existsSync(join(filesDir, '.complete'))) throw new Error(`Karmada's CRDs and deploy manifests are missing (${filesDir}): run dev-cluster/build.sh`);

  const dir = clusterDir(name);
  rmSync(dir, { recursive: true, force: true });
  for (const sub of ['logs', 'run', 'components']) mkdirSync(join(dir, sub), { recursive: true });
  const pki = await createPki(join(dir, 'pki'));
  const karmadaPki = await createKarmadaPki(pki);
  const context = `kapstan-${name}`;
  const kubeconfigs = { admin: join(dir, 'kubeconfig'), controllerManager: join(dir, 'components', 'controller-manager.kubeconfig'), scheduler: join(dir, 'components', 'scheduler.kubeconfig') };
  const egress = { config: join(dir, 'components', 'egress-selector.yaml'), socket: join(dir, 'run', 'netguard.sock') };
  if (Buffer.byteLength(egress.socket) > 100) egress.socket = join('/tmp', `kapstan-karmada-${process.pid}-${name}.sock`);
  writeFileSync(egress.config, egressSelectorConfig(egress.socket));
  const state: KarmadaState = {
    name, dir, kubeconfig: kubeconfigs.admin, context, server: '', members: [], startedMembers: [],
    ports: { etcdClient: 0, etcdPeer: 0, apiserver: 0, aggregatedApiserver: 0, webhook: 0 },
    components: {}, tls: { caCert: pki.caCert, ...pki.clients.admin }, createdAt: new Date().toISOString(),
  };
  writeKarmadaState(state);
  const logOf = (c: KarmadaComponent) => () => `last lines of ${state.components[c]?.log}:\n${tailLog(state.components[c]?.log ?? '')}`;

  // Member dev clusters start alongside the control plane.
  const specs: MemberSpec[] = (opts.members ?? []).map((m) => (typeof m === 'string' ? { name: m, devCluster: m } : m));
  const toStart = (opts.members ?? []).filter((m): m is string => typeof m === 'string' && !getCluster(m));
  const membersUp = Promise.all(toStart.map(async (m) => {
    await upCluster({ gpuNodes: 0, ...opts.memberOptions, name: m, build: false, log: (t) => log(`[${m}] ${t}`) });
    state.startedMembers.push(m);
    writeKarmadaState(state);
  }));
  membersUp.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile

  try {
    let api!: DevApi;
    // Ports are free when picked, but another process may take one before our server binds it:
    // then pick new ones and start the plane again.
    for (let attempt = 1; ; attempt++) {
      const [etcdClient, etcdPeer, apiserver, aggregatedApiserver, webhook] = await freePorts(5);
      state.server = `https://127.0.0.1:${apiserver}`;
      state.ports = { etcdClient, etcdPeer, apiserver, aggregatedApiserver, webhook };
      writeKubeconfig(kubeconfigs.admin, { context, server: state.server, caCert: pki.caCert, ...pki.clients.admin });
      writeKubeconfig(kubeconfigs.controllerManager, { context, server: state.server, caCert: pki.caCert, ...pki.clients['controller-manager'] });
      writeKubeconfig(kubeconfigs.scheduler, { context, server: state.server, caCert: pki.caCert, ...pki.clients.scheduler });
      writeKarmadaState(state);
      const layout: KarmadaLayout = { dir, pki, kubeconfigs, egress, karmada: karmadaPki, ports: { etcdClient, etcdPeer, apiserver }, karmadaPorts: { aggregatedApiserver, webhook } };
      api = new DevApi(state.server, state.tls);
      try {
        await startPlane(state, layout, api, { filesDir, caCert: pki.caCert, webhookPort: webhook, aggregatedApiserverPort: aggregatedApiserver }, timeoutMs, log, logOf);
        break;
      } catch (err) {
        await stopAll(state);
        const clash = KARMADA_COMPONENTS.some((c) => /address already in use/.test(tailLog(join(dir, 'logs', `${c}.log`), 40)));
        if (!clash || attempt >= 3) throw err;
        log('a port was taken meanwhile; retrying with new ports');
        state.components = {};
        rmSync(join(dir, 'etcd'), { recursive: true, force: true });
        for (const c of KARMADA_COMPONENTS) rmSync(join(dir, 'logs', `${c}.log`), { force: true });
      }
    }

    await membersUp;
    for (const m of specs) {
      log(`joining ${m.devCluster} as member ${m.name} (Push)`);
      await joinMember(api, m, timeoutMs);
      state.members.push(m);
      writeKarmadaState(state);
    }
    await Promise.all(specs.map((m) => waitMemberReady(api, m.name, timeoutMs, () => assertRunning(state), logOf('karmada-controller-manager'))));
    return { name, kubeconfig: state.kubeconfig, context, server: state.server, dir, members: state.members, startedInMs: Date.now() - t0 };
  } catch (err) {
    await stopAll(state);
    await membersUp.catch(() => undefined);
    for (const m of state.startedMembers) await downCluster(m).catch(() => undefined);
    throw err;
  }
}

/** etcd and kube-apiserver, Karmada's CRDs, APIService and webhooks, then its programs; resolves once the Cluster API is Available. */
async function startPlane(state: KarmadaState, layout: KarmadaLayout, api: DevApi, target: InstallTarget, timeoutMs: number, log: (m: string) => void, logOf: (c: KarmadaComponent) => () => string): Promise<void> {
  const launch = (c: KarmadaComponent) => {
    const spec = karmadaProcessSpec(c, layout);
    state.components[c] = { ...spec, pid: startProcess(spec) };
    writeKarmadaState(state);
  };
  log('starting Karmada etcd and kube-apiserver');
  launch('etcd');
  launch('kube-apiserver');
  await waitFor('the Karmada apiserver to be ready', timeoutMs, async () => (assertRunning(state), (await api.call('GET', '/readyz', undefined, 2000)).status === 200), logOf('kube-apiserver'));
  for (const c of ['netguard', 'kube-controller-manager', 'karmada-aggregated-apiserver', 'karmada-webhook'] as const) launch(c);
  log('installing Karmada CRDs, the Cluster APIService and namespaces');
  await createAll(api, [namespace('karmada-system'), namespace(MEMBER_NAMESPACE)]);
  const crds = karmadaCrds(target);
  await createAll(api, [...crds, ...karmadaApiService(target)]);
  // The controllers index bindings at start: their CRDs must be served first.
  await waitFor('Karmada CRDs to be established', timeoutMs, async () => {
    const res = await api.call('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
    const established = new Set((res.body?.items ?? []).filter((c: any) => (c.status?.conditions ?? []).some((x: any) => x.type === 'Established' && x.status === 'True')).map((c: any) => c.metadata.name));
    return crds.every((c) => established.has(c.metadata.name));
  });
  await waitFor('the Karmada webhook to listen', timeoutMs, async () => (assertRunning(state), portOpen(target.webhookPort)), logOf('karmada-webhook'));
  await createAll(api, karmadaWebhooks(target));
  launch('karmada-controller-manager');
  launch('karmada-scheduler');
  await waitFor('the cluster.karmada.io API (APIService Available)', timeoutMs, async () => {
    assertRunning(state);
    const res = await api.call('GET', '/apis/apiregistration.k8s.io/v1/apiservices/v1alpha1.cluster.karmada.io');
    return (res.body?.status?.conditions ?? []).some((c: any) => c.type === 'Available' && c.status === 'True');
  }, logOf('karmada-aggregated-apiserver'));
}

async function stopAll(s: KarmadaState): Promise<void> {
  for (const c of [...KARMADA_COMPONENTS].reverse()) {
    const p = s.components[c];
    if (p) await stopProcess(p.pid, p.binary, marker(s.dir));
  }
}

async function down(s: KarmadaState): Promise<void> {
  await stopAll(s);
  for (const m of s.startedMembers) if (getCluster(m) || existsSync(join(clusterDir(m), 'state.json'))) await downCluster(m);
  rmSync(s.dir, { recursive: true, force: true });
}

/** Stops the control plane's processes and the member dev clusters it started; removes its directory. */
export async function downKarmada(name: string = DEFAULT_KARMADA): Promise<void> {
  checkClusterName(name);
  await withLock(join(clustersRoot(), `.${name}.lock`), `another \`up\`/\`down\` of "${name}"`, async () => {
    const s = readKarmadaState(name);
    if (!s) throw new Error(`no Karmada control plane named "${name}"`);
    await down(s);
  });
}

/** Names of the Karmada control planes with a state directory. */
export function listKarmadas(): string[] {
  const root = clustersRoot();
  if (!existsSync(root)) return [];
  return readdirSync(root).filter((n) => existsSync(stateFile(n))).sort();
}

export interface KarmadaInfo {
  name: string;
  type: 'karmada';
  kubeconfig: string;
  server: string;
  /** running: every process is up; partial: some are; stopped: none is. */
  status: 'running' | 'partial' | 'stopped';
  members: MemberSpec[];
  createdAt: string;
}

/** What `dev-cluster status` shows of a Karmada control plane. */
export function karmadaInfo(name: string): KarmadaInfo | undefined {
  const s = readKarmadaState(name);
  if (!s) return undefined;
  const up = KARMADA_COMPONENTS.filter((c) => alive(s, c)).length;
  return {
    name, type: 'karmada', kubeconfig: s.kubeconfig, server: s.server, members: s.members, createdAt: s.createdAt,
    status: up === KARMADA_COMPONENTS.length ? 'running' : up === 0 ? 'stopped' : 'partial',
  };
}

/** True when `name` is a Karmada control plane (running or not). */
export function isKarmada(name: string): boolean {
  return readKarmadaState(name) !== undefined;
}

/** A running control plane's connection details, or undefined. */
export function getKarmada(name: string = DEFAULT_KARMADA): KarmadaPlane | undefined {
  const s = readKarmadaState(name);
  if (!s || !KARMADA_COMPONENTS.every((c) => alive(s, c))) return undefined;
  return { name, kubeconfig: s.kubeconfig, context: s.context, server: s.server, dir: s.dir, members: s.members, startedInMs: 0 };
}

/** The built kubectl, for scripts that talk to the Karmada apiserver. */
export const kubectlPath = () => binaryPath('kubectl');
