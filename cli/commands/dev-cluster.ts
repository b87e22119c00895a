import type { Command } from 'commander';

// The supervisor is loaded inside each action so `kapstan --help` stays fast.
const load = async () => require('../../dev-cluster') as typeof import('../../dev-cluster');

const positiveInt = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${what} must be a whole number, got "${v}"`);
  return n;
};

/** `kapstan dev-cluster`: a local control plane (real apiserver and controllers, kwok nodes). */
export function registerDevCluster(program: Command): void {
  const dc = program
    .command('dev-cluster')
    .description('run a local Kubernetes control plane with simulated (kwok) nodes; see dev-cluster/README.md');

  dc.command('up')
    .description('start a dev cluster; the last line printed is `export KUBECONFIG=<path>`')
    .option('-n, --name <name>', 'cluster name', 'kapstan')
    .option('--nodes <n>', 'ordinary nodes', positiveInt('--nodes'), 3)
    .option('--gpu-nodes <n>', 'GPU nodes (nvidia.com/gpu capacity, tainted nvidia.com/gpu=present:NoSchedule)', positiveInt('--gpu-nodes'), 1)
    .option('--gpus-per-node <n>', 'nvidia.com/gpu capacity of each GPU node', positiveInt('--gpus-per-node'), 2)
    .option('--zones <list>', 'comma-separated zone names, assigned to nodes round-robin', 'local-a,local-b,local-c')
    .option('--region <name>', 'region label of every node', 'local')
    .option('--no-build', 'fail instead of building missing binaries')
    .option('--karmada', 'a Karmada control plane (default name "karmada") with member dev clusters registered in Push mode')
    .option('--members <n|names>', 'with --karmada: how many members (member-1..N) or their names (a,b,c); each a new dev cluster, or an existing one joined', '3')
    .action(async (f: { name: string; nodes: number; gpuNodes: number; gpusPerNode: number; zones: string; region: string; build: boolean; karmada?: boolean; members: string }, cmd: Command) => {
      if (f.karmada) return upKarmadaCommand(f, cmd);
      const { upCluster } = await load();
      const c = await upCluster({
        name: f.name,
        nodes: f.nodes,
        gpuNodes: f.gpuNodes,
        gpusPerNode: f.gpusPerNode,
        zones: f.zones.split(',').map((z) => z.trim()).filter(Boolean),
        region: f.region,
        build: f.build,
        log: (m) => console.error(`  ${m}`),
      });
      console.log(`dev cluster "${c.name}" ready in ${(c.startedInMs / 1000).toFixed(1)}s: ${c.server}, nodes ${c.nodes.join(', ')}`);
      console.log(`kubectl: ${c.kubectlPath}`);
      console.log(`export KUBECONFIG=${c.kubeconfig}`);
    });

  dc.command('down')
    .description('stop the cluster\'s processes and delete its data')
    .option('-n, --name <name>', 'cluster name', 'kapstan')
    .option('--all', 'every dev cluster')
    .action(async (f: { name: string; all?: boolean }) => {
      const { downCluster, listClusters } = await load();
      const karmada = require('../../dev-cluster/karmada') as typeof import('../../dev-cluster/karmada');
      const planes = f.all ? karmada.listKarmadas() : karmada.isKarmada(f.name) ? [f.name] : [];
      // A Karmada control plane first: it removes the members it started.
      for (const n of planes) {
        await karmada.downKarmada(n);
        console.log(`Karmada control plane "${n}" and the members it started stopped and removed`);
      }
      const names = f.all ? listClusters().map((c) => c.name) : planes.length ? [] : [f.name];
      for (const n of names) {
        await downCluster(n);
        console.log(`dev cluster "${n}" stopped and removed`);
      }
      if (planes.length) return;
      if (names.length === 0) console.log('no dev clusters');
    });

  const status = async (f: { name?: string; json?: boolean }) => {
    const { listClusters, clusterInfo } = await load();
    const karmada = require('../../dev-cluster/karmada') as typeof import('../../dev-cluster/karmada');
    const infos = f.name ? [clusterInfo(f.name)].filter((c) => c !== undefined) : listClusters();
    const planes = (f.name ? [f.name] : karmada.listKarmadas()).map((n) => karmada.karmadaInfo(n)).filter((k) => k !== undefined);
    if (f.name && infos.length === 0 && planes.length === 0) throw new Error(`no dev cluster named "${f.name}"`);
    if (f.json) {
      console.log(JSON.stringify([...infos, ...planes], null, 2));
      return;
    }
    if (infos.length === 0 && planes.length === 0) {
      console.log('no dev clusters');
      return;
    }
    for (const k of planes) {
      console.log(`${k.name}\t${k.status}\t${k.server}\tKarmada, members ${k.members.map((m) => m.name).join(', ') || 'none'}\t${k.kubeconfig}`);
    }
    for (const c of infos) {
      const down = Object.entries(c.components).filter(([, s]) => !s.running).map(([n]) => n);
      const nodes = `${c.nodes.nodes} nodes + ${c.nodes.gpuNodes} GPU`;
      console.log(`${c.name}\t${c.status}\t${c.server}\t${nodes}\t${c.kubeconfig}${down.length ? `\tdown: ${down.join(', ')}` : ''}`);
    }
  };
  dc.command('status')
    .description('show dev clusters and whether their processes run')
    .option('-n, --name <name>', 'only this cluster')
    .option('--json', 'machine-readable output')
    .action(status);
  dc.command('list')
    .description('alias of status')
    .option('-n, --name <name>', 'only this cluster')
    .option('--json', 'machine-readable output')
    .action(status);

  dc.command('restart')
    .description('stop and start one component (e.g. kube-apiserver); logs are in <cluster dir>/logs/')
    .argument('<component>', 'etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok or provisioner')
    .option('-n, --name <name>', 'cluster name', 'kapstan')
    .action(async (component: string, f: { name: string }) => {
      const { restartComponent, COMPONENTS } = await load();
      if (!(COMPONENTS as readonly string[]).includes(component)) {
        throw new Error(`unknown component "${component}": one of ${COMPONENTS.join(', ')}`);
      }
      await restartComponent(f.name, component as (typeof COMPONENTS)[number]);
      console.log(`${component} of dev cluster "${f.name}" restarted`);
    });

  dc.command('kubeconfig')
    .description("print the path of the cluster's admin kubeconfig")
    .option('-n, --name <name>', 'cluster name', 'kapstan')
    .action(async (f: { name: string }) => {
      const { clusterInfo } = await load();
      const { karmadaInfo } = require('../../dev-cluster/karmada') as typeof import('../../dev-cluster/karmada');
      const c = clusterInfo(f.name) ?? karmadaInfo(f.name);
      if (!c) throw new Error(`no dev cluster named "${f.name}"`);
      console.log(c.kubeconfig);
    });
}

/** `up --karmada`: the control plane plus its members; the name defaults to `karmada`. */
async function upKarmadaCommand(f: { name: string; nodes: number; zones: string; region: string; build: boolean; members: string }, cmd: Command): Promise<void> {
  const { upKarmada, DEFAULT_KARMADA } = require('../../dev-cluster/karmada') as typeof import('../../dev-cluster/karmada');
  const name = cmd.getOptionValueSource('name') === 'default' ? DEFAULT_KARMADA : f.name;
  const members = /^\d+$/.test(f.members)
    ? Array.from({ length: Number(f.members) }, (_, i) => `member-${i + 1}`)
    : f.members.split(',').map((m) => m.trim()).filter(Boolean);
  if (members.length === 0) throw new Error('--members: give a number of members or their names');
  const k = await upKarmada({
    name,
    members,
    memberOptions: { nodes: f.nodes, zones: f.zones.split(',').map((z) => z.trim()).filter(Boolean), region: f.region },
    build: f.build,
    log: (m) => console.error(`  ${m}`),
  });
  console.log(`Karmada control plane "${k.name}" ready in ${(k.startedInMs / 1000).toFixed(1)}s: ${k.server}, members ${k.members.map((m) => m.name).join(', ')} (Push)`);
  for (const m of k.members) console.log(`member ${m.name}: dev cluster "${m.devCluster}" (kapstan dev-cluster kubeconfig --name ${m.devCluster})`);
  console.log(`export KUBECONFIG=${k.kubeconfig}`);
}
