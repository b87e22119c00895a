// The federated app of the federation e2e tests and bench/federation.ts: a WebService of 8
// replicas divided 2:1:1 over members a (wave 1), b and c (wave 2), with an image override in c.
import { App } from 'cdk8s';
import { WebService } from '../../constructs/patterns';
import { Federation } from '../../stacks';
import { synthesize } from '../../synth';

export interface MemberCluster {
  /** Member name (a, b, c). */
  name: string;
  /** Kube context in the member's own kubeconfig. */
  context: string;
  zone: string;
}

export interface FederatedWebOptions {
  /** Image of every member unless overridden. */
  image?: string;
  /** Image override per member. */
  images?: Record<string, string>;
  /** Extra ConfigMaps (bench: a stack of some size); `count` of them in every member. */
  configMaps?: number;
  /** Also write the Karmada stack (dist/global/karmada/, context `karmada` in its kubeconfig). */
  karmada?: boolean;
  /** A ConfigMap `placed-by-selector` placed on the members whose zone is a or c (a label selector). */
  selectorPlaced?: boolean;
}

export const WEIGHTS: Record<string, number> = { a: 2, b: 1, c: 1 };

/** Synthesizes federation `global` into OUTDIR (strict validation); returns the problems. */
export function synthFederatedWeb(outdir: string, members: MemberCluster[], opts: FederatedWebOptions = {}) {
  const app = new App();
  const fed = new Federation(app, 'global', {
    namespace: 'fed-web',
    members: members.map((m) => ({ name: m.name, context: m.context, labels: { zone: m.zone }, weight: WEIGHTS[m.name] ?? 1, wave: m.name === 'a' ? 1 : 2 })),
    ...(opts.karmada ? { karmada: { context: 'kapstan-karmada' } } : {}),
  });
  const web = new WebService(fed, 'web', { image: opts.image ?? 'registry.example/web:1.0', minReplicas: 8, maxReplicas: 16 });
  fed.place(web, { replicas: { type: 'Divided' } });
  // Divided splits the autoscaler's bounds too (minReplicas 8 -> 4/2/2), so no member scales back up to 8.
  for (const [cluster, image] of Object.entries(opts.images ?? {})) fed.override(web, { clusters: [cluster], image });
  if (opts.selectorPlaced) {
    const { ApiObject, Chart } = require('cdk8s') as typeof import('cdk8s');
    const chart = new Chart(fed, 'zoned');
    new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'placed-by-selector' }, data: { placed: 'by zone' } });
    fed.place(chart, { selector: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'c'] }] } });
  }
  if (opts.configMaps) {
    const { ApiObject, Chart } = require('cdk8s') as typeof import('cdk8s');
    const chart = new Chart(fed, 'config');
    for (let i = 0; i < opts.configMaps; i++) {
      new ApiObject(chart, `cm-${i}`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `settings-${i}` }, data: { index: String(i) } });
    }
  }
  return synthesize(app, { outdir, validate: 'strict' });
}
