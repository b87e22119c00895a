// Kapstan's validation agrees with the Kubernetes 1.34 API server on every object of the
// invalid-object corpus (test/fixtures/invalid/): what the server refuses in a dry-run create,
// Kapstan refuses with a rule that mirrors the server; what the server accepts, those rules accept.
import { useCluster } from './harness';
import { formatConfusion } from '../../bench/agreement/compare';
import { loadCorpus } from '../../bench/agreement/corpus';
import { runAgreement } from '../../bench/agreement/run';

// A cluster of its own: admission on a shared cluster depends on what other files left there
// (webhooks, quotas, a default PriorityClass), and the oracle here is validation alone.
const cluster = useCluster();

test('zero disagreements with the API server on the invalid-object corpus', async () => {
  const cases = loadCorpus();
  expect(cases.length).toBeGreaterThan(500);
  const { table } = await runAgreement(cluster().kubeconfig, cases);
  const report = formatConfusion(table);
  // the report lists every disagreement with the server's message and Kapstan's finding
  expect({ missedByKapstan: table.missedByKapstan.length, rejectedByKapstanOnly: table.rejectedByKapstanOnly.length, report })
    .toEqual({ missedByKapstan: 0, rejectedByKapstanOnly: 0, report });
  // the corpus exercises refusals, not only valid objects
  expect(table.bothRejected).toBeGreaterThan(table.total / 2);
  // runtime mistakes the API server accepts are each reported by their own semantic rule
  expect(table.runtime.total).toBeGreaterThanOrEqual(19);
  expect(table.runtime.missed.map((r) => r.case.id)).toEqual([]);
  expect(table.furtherFindings.filter((r) => r.case.file === 'runtime.yaml' && r.case.mistake === 'none').map((r) => r.case.id)).toEqual([]);
});
