import { KubeConfig } from '@kubernetes/client-node';
import pLimit from 'p-limit';
import { loadCorpus, type CorpusCase } from './corpus';
import { Oracle } from './oracle';
import { confusion, kapstanVerdict, type Confusion, type Row } from './compare';

/** The namespace every namespaced corpus object is created in (dry run). */
export const CORPUS_NAMESPACE = 'corpus';

/**
 * Submits every corpus object to the cluster as a dry-run create and to Kapstan's validation,
 * and returns the confusion table. Creates the corpus namespace when missing.
 */
export async function runAgreement(kubeconfig: string, cases: CorpusCase[] = loadCorpus()): Promise<{ rows: Row[]; table: Confusion }> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const oracle = new Oracle(kc);
  const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: CORPUS_NAMESPACE } };
  const { KubernetesObjectApi } = await import('@kubernetes/client-node');
  const api = KubernetesObjectApi.makeApiClient(kc);
  await api.create(ns).catch((err: { code?: number }) => { if (err.code !== 409) throw err; });
  const limit = pLimit(8);
  const rows = await Promise.all(cases.map((c) => limit(async () => ({ case: c, server: await oracle.verdict(c.manifest), kapstan: kapstanVerdict(c) }))));
  return { rows, table: confusion(rows) };
}
