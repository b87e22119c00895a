// Phase: after an apply that adopted objects of a Helm release, the release's records (Secrets
// labelled owner=helm) still make `helm list` show it and `helm uninstall` delete the objects.
// Kapstan does not delete them itself (they are not its own): it names the release and the command.
import type { ApplyPhase, ApplyRun } from './run';

const RELEASE = 'meta.helm.sh/release-name';
const RELEASE_NAMESPACE = 'meta.helm.sh/release-namespace';

/** The Helm releases (`namespace/name`) whose objects this run adopted. */
export function adoptedReleases(r: Pick<ApplyRun, 'adopting'>): { name: string; namespace: string }[] {
  const seen = new Map<string, { name: string; namespace: string }>();
  for (const f of r.adopting.values()) {
    const ann = f.live?.metadata?.annotations ?? {};
    const name = ann[RELEASE];
    if (!name) continue;
    const namespace = ann[RELEASE_NAMESPACE] ?? f.live?.metadata?.namespace ?? 'default';
    seen.set(`${namespace}/${name}`, { name, namespace });
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
}

export const helmReleaseNote: ApplyPhase = {
  name: 'helm releases',
  async run(r) {
    if (r.opts.dryRun || r.summary.outcome === 'failed' || r.summary.adopted === 0) return;
    for (const { name, namespace } of adoptedReleases(r)) {
      const command = `kubectl delete secret -n ${namespace} -l owner=helm,name=${name}`;
      r.s.out.event({ type: 'helm-release', release: name, namespace, command },
        `Helm release "${name}" in namespace ${namespace}: its objects are this stack's now; remove its records so that helm no longer manages them (helm uninstall would delete them): ${command}`);
    }
  },
};
