// Agreement of Kapstan's validation with the Kubernetes 1.34 API server on the invalid-object
// corpus (test/fixtures/invalid/): each object is submitted to a dev cluster as a server-side
// dry-run create (the oracle) and to Kapstan's validation; prints the confusion table and every
// disagreement. Starts its own dev cluster, or uses `--kubeconfig PATH`.
//   npx tsx bench/validation-agreement.ts [--kubeconfig PATH]
import { downCluster, upCluster } from '../dev-cluster';
import { formatConfusion } from './agreement/compare';
import { runAgreement } from './agreement/run';

async function main(): Promise<void> {
  const i = process.argv.indexOf('--kubeconfig');
  let kubeconfig = i > 0 ? process.argv[i + 1] : undefined;
  const name = `agreement-${process.pid}`;
  if (!kubeconfig) {
    console.error(`starting dev cluster "${name}"…`);
    kubeconfig = (await upCluster({ name, nodes: 1, gpuNodes: 0, build: false })).kubeconfig;
  }
  try {
    const { table } = await runAgreement(kubeconfig);
    console.log(formatConfusion(table));
    const disagreements = table.missedByKapstan.length + table.rejectedByKapstanOnly.length;
    process.exitCode = disagreements ? 1 : 0;
  } finally {
    if (i < 0) await downCluster(name);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});
