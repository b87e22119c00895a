// A CanaryRelease on a live cluster: `kapstan promote RELEASE` and `kapstan abort RELEASE`.
// promote: refuses unless the canary is healthy (Current), rolls stable to the canary's pod
// template with tracking, then sends no traffic to the canary and scales it to zero.
// abort: sends no traffic to the canary and scales it to zero.
// The caller (cli/commands/canary.ts) connects, prints the lines and errors, and sets the exit code.
import { CANARY_LABEL, NGINX_CANARY_WEIGHT, TRACK_LABEL, trackName } from '../../constructs/patterns/canary/names';
import type { KubeClient } from '../client';
import { UsageError } from '../errors';
import { FIELD_MANAGER } from '../noop';
import { currentStatus, trackRollout, type TrackReporter } from '../track';
import { extractApplied } from './extract';

type Client = KubeClient;

export interface CanaryOptions {
  /** The release's namespace. */
  namespace: string;
  /** Rollout timeout for each tracked Deployment. */
  timeoutMs: number;
  /** Shows the tracked rollouts (the caller's table, lines or NDJSON). */
  reporter: TrackReporter;
  /** What was done, one line at a time. */
  log: (line: string) => void;
}

/** ok, or why nothing (more) was done; thrown errors are bad input (UsageError) or API failures. */
export interface CanaryResult {
  ok: boolean;
  error?: string;
}

const deploymentPath = (ns: string, name: string) => `/apis/apps/v1/namespaces/${ns}/deployments/${name}`;
const deploymentRef = (ns: string, name: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', name, namespace: ns });

async function loadRelease(client: Client, ns: string, release: string) {
  const [stable, canary] = await Promise.all(
    (['stable', 'canary'] as const).map((t) => client.request('GET', deploymentPath(ns, trackName(release, t)), { allow: [404] })),
  );
  if (!stable || !canary) {
    throw new UsageError(`no CanaryRelease "${release}" in namespace ${ns}: Deployments ${trackName(release, 'stable')} and ${trackName(release, 'canary')} must both exist`);
  }
  return { stable, canary };
}

/** `kapstan promote`: refuses unless the canary is Current, rolls stable to its pod template, then stops the canary. */
export async function promoteCanary(client: Client, release: string, opts: CanaryOptions): Promise<CanaryResult> {
  const ns = opts.namespace;
  const { stable, canary } = await loadRelease(client, ns, release);
  const canaryName = trackName(release, 'canary');
  const stableName = trackName(release, 'stable');
  if (!canary.spec?.replicas) {
    return { ok: false, error: `canary ${ns}/${canaryName} runs no replicas: nothing to promote` };
  }
  // Never promote a canary that is not healthy right now (crash loops, pull errors, not ready).
  const [health] = await currentStatus(client.kc, [deploymentRef(ns, canaryName)]);
  if (health.status !== 'Current') {
    const why = [health.reason, health.message, health.pod ? `(pod ${health.pod})` : ''].filter(Boolean).join(': ');
    return { ok: false, error: `canary ${ns}/${canaryName} is ${health.status}${why ? ` — ${why}` : ''}; not promoting` };
  }

  // Stable takes the canary's pod template; its own track label keeps its selector matching.
  const template = canary.spec.template;
  const labels = { ...template.metadata?.labels, [TRACK_LABEL]: 'stable' };
  const version = template.metadata?.labels?.['app.kubernetes.io/version'];
  await updateAsKapstan(client, deploymentPath(ns, stableName), stable, (cfg, applied) => {
    const canaryCfg = applied ? extractApplied(canary, FIELD_MANAGER) : undefined;
    cfg.spec = { ...cfg.spec, template: { ...(canaryCfg?.spec?.template ?? template), metadata: { ...(canaryCfg?.spec?.template?.metadata ?? template.metadata), labels } } };
    if (version) cfg.metadata = { ...cfg.metadata, labels: { ...cfg.metadata?.labels, 'app.kubernetes.io/version': version } };
  });
  const images = (template.spec.containers ?? []).map((c: { image: string }) => c.image).join(', ');
  opts.log(`promoting ${ns}/${release}: ${stableName} → ${images}`);
  const rollout = await track(client, [deploymentRef(ns, stableName)], opts);
  if (!rollout) {
    return { ok: false, error: `${ns}/${stableName} did not become Current; the canary keeps running (previous stable: ${imagesOf(stable)})` };
  }
  const ok = await stopCanary(client, ns, release, opts);
  if (ok) opts.log(`promoted ${ns}/${release}: stable runs ${images}; canary scaled to 0`);
  return { ok };
}

/** `kapstan abort`: no traffic to the canary, zero replicas; stable unchanged. */
export async function abortCanary(client: Client, release: string, opts: CanaryOptions): Promise<CanaryResult> {
  await loadRelease(client, opts.namespace, release);
  const ok = await stopCanary(client, opts.namespace, release, opts);
  if (ok) opts.log(`aborted ${opts.namespace}/${release}: canary scaled to 0, stable unchanged`);
  return { ok };
}

/** Takes the canary out of traffic (weights to 0), scales it to zero and waits for that. */
async function stopCanary(client: Client, ns: string, release: string, opts: CanaryOptions): Promise<boolean> {
  const canaryName = trackName(release, 'canary');
  const selector = `${CANARY_LABEL}=${release},${TRACK_LABEL}=canary`;
  for (const ing of await client.list(`/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses`, { labelSelector: selector })) {
    // List items carry no apiVersion/kind; the apply body needs them.
    const live = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', ...ing };
    await updateAsKapstan(client, `/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses/${ing.metadata.name}`, live, (cfg) => {
      cfg.metadata = { ...cfg.metadata, annotations: { ...cfg.metadata?.annotations, [NGINX_CANARY_WEIGHT]: '0' } };
    });
  }
  await zeroRouteWeight(client, ns, release);
  const canary = await client.request('GET', deploymentPath(ns, canaryName));
  await updateAsKapstan(client, deploymentPath(ns, canaryName), canary, (cfg) => {
    cfg.spec = { ...cfg.spec, replicas: 0 };
  });
  return track(client, [deploymentRef(ns, canaryName)], opts);
}

/** The release's HTTPRoute (if Gateway API is installed and the release uses it) sends all to stable. */
async function zeroRouteWeight(client: Client, ns: string, release: string): Promise<void> {
  const path = `/apis/gateway.networking.k8s.io/v1/namespaces/${ns}/httproutes/${release}`;
  const route = await client.request('GET', path, { allow: [404] });
  if (!route || route.metadata?.labels?.[CANARY_LABEL] !== release) return;
  await updateAsKapstan(client, path, route, (cfg) => {
    cfg.spec = {
      ...cfg.spec,
      rules: (cfg.spec?.rules ?? []).map((rule: any) => ({
        ...rule,
        backendRefs: (rule.backendRefs ?? []).map((b: any) =>
          b.name === trackName(release, 'canary') ? { ...b, weight: 0 } : b.name === trackName(release, 'stable') ? { ...b, weight: 100 } : b),
      })),
    };
  });
}

/**
 * Changes an object the way `kapstan apply` would have: the configuration Kapstan last applied
 * (from managedFields) is edited and re-applied with Kapstan's field manager, so later applies
 * own these fields without conflicts. Objects Kapstan never applied get a plain merge patch.
 */
async function updateAsKapstan(client: Client, path: string, live: any, edit: (cfg: any, applied: boolean) => void): Promise<void> {
  const applied = extractApplied(live, FIELD_MANAGER);
  if (applied) {
    edit(applied, true);
    await client.request('PATCH', path, {
      body: applied,
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager: FIELD_MANAGER, force: true },
    });
    return;
  }
  const cfg: any = { metadata: {}, spec: live.spec };
  edit(cfg, false);
  await client.request('PATCH', path, { body: { metadata: cfg.metadata, spec: cfg.spec }, contentType: 'application/merge-patch+json' });
}

async function track(client: Client, refs: ReturnType<typeof deploymentRef>[], opts: CanaryOptions): Promise<boolean> {
  const result = await trackRollout(client.kc, refs, { timeoutMs: opts.timeoutMs, reporter: opts.reporter });
  return result.ok;
}

function imagesOf(d: any): string {
  return (d.spec?.template?.spec?.containers ?? []).map((c: { image: string }) => c.image).join(', ');
}
