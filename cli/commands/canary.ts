import type { Command } from 'commander';
import { Option } from 'commander';
// Light modules only: the engine (and @kubernetes/client-node) is required inside the actions
// (require, not import(): the CLI runs under tsx's CommonJS loader).
import { CANARY_LABEL, NGINX_CANARY_WEIGHT, TRACK_LABEL, trackName } from '../../constructs/patterns/canary/names';
import { FIELD_MANAGER } from '../../engine/noop';
import { extractApplied } from './canary-extract';

// `kapstan promote RELEASE` / `kapstan abort RELEASE` for a CanaryRelease on a live cluster.
// promote: refuses unless the canary is healthy (Current), rolls stable to the canary's pod
// template with tracking, then sends no traffic to the canary and scales it to zero.
// abort: sends no traffic to the canary and scales it to zero.

interface CanaryFlags {
  namespace: string;
  context?: string;
  kubeconfig?: string;
  timeout: string;
  output: 'text' | 'json';
}

type Client = import('../../engine/client').KubeClient;

function options(cmd: Command): Command {
  return cmd
    .option('-n, --namespace <ns>', 'namespace of the release', 'default')
    .option('--context <ctx>', "kube context (default: the kubeconfig's current one)")
    .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
    .option('--timeout <duration>', 'rollout timeout, e.g. 90s, 5m', '5m')
    .addOption(new Option('-o, --output <format>', 'text, or json for NDJSON tracking events').choices(['text', 'json']).default('text'));
}

export function registerCanary(program: Command): void {
  options(program.command('promote <release>'))
    .description("move a CanaryRelease's stable Deployment to the canary's version, then scale the canary to zero")
    .action(async (release: string, flags: CanaryFlags) => {
      process.exitCode = await withClient(flags, (c) => promote(c, release, flags));
    });
  options(program.command('abort <release>'))
    .description("stop a CanaryRelease's canary: no traffic, zero replicas")
    .action(async (release: string, flags: CanaryFlags) => {
      process.exitCode = await withClient(flags, (c) => abort(c, release, flags));
    });
}

async function withClient(flags: CanaryFlags, body: (c: Client) => Promise<number>): Promise<number> {
  const { KubeClient } = (require('../../engine/client') as typeof import('../../engine/client'));
  const client = await KubeClient.connect({ kubeconfig: flags.kubeconfig, context: flags.context });
  try {
    return await body(client);
  } catch (err) {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    return (err as { exitCode?: number }).exitCode ?? 1;
  } finally {
    client.close();
  }
}

const deploymentPath = (ns: string, name: string) => `/apis/apps/v1/namespaces/${ns}/deployments/${name}`;
const deploymentRef = (ns: string, name: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', name, namespace: ns });

async function loadRelease(client: Client, ns: string, release: string) {
  const { UsageError } = (require('../../engine/errors') as typeof import('../../engine/errors'));
  const [stable, canary] = await Promise.all(
    (['stable', 'canary'] as const).map((t) => client.request('GET', deploymentPath(ns, trackName(release, t)), { allow: [404] })),
  );
  if (!stable || !canary) {
    throw new UsageError(`no CanaryRelease "${release}" in namespace ${ns}: Deployments ${trackName(release, 'stable')} and ${trackName(release, 'canary')} must both exist`);
  }
  return { stable, canary };
}

async function promote(client: Client, release: string, flags: CanaryFlags): Promise<number> {
  const ns = flags.namespace;
  const { stable, canary } = await loadRelease(client, ns, release);
  const canaryName = trackName(release, 'canary');
  const stableName = trackName(release, 'stable');
  if (!canary.spec?.replicas) {
    console.error(`error: canary ${ns}/${canaryName} runs no replicas: nothing to promote`);
    return 1;
  }
  // Never promote a canary that is not healthy right now (crash loops, pull errors, not ready).
  const { currentStatus, trackRollout } = (require('../../engine/track') as typeof import('../../engine/track'));
  const [health] = await currentStatus(client.kc, [deploymentRef(ns, canaryName)]);
  if (health.status !== 'Current') {
    const why = [health.reason, health.message, health.pod ? `(pod ${health.pod})` : ''].filter(Boolean).join(': ');
    console.error(`error: canary ${ns}/${canaryName} is ${health.status}${why ? ` — ${why}` : ''}; not promoting`);
    return 1;
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
  log(flags, `promoting ${ns}/${release}: ${stableName} → ${images}`);
  const rollout = await track(trackRollout, client, [deploymentRef(ns, stableName)], flags);
  if (!rollout) {
    console.error(`error: ${ns}/${stableName} did not become Current; the canary keeps running (previous stable: ${imagesOf(stable)})`);
    return 1;
  }
  const ok = await stopCanary(client, ns, release, flags, trackRollout);
  if (ok) log(flags, `promoted ${ns}/${release}: stable runs ${images}; canary scaled to 0`);
  return ok ? 0 : 1;
}

async function abort(client: Client, release: string, flags: CanaryFlags): Promise<number> {
  await loadRelease(client, flags.namespace, release);
  const { trackRollout } = (require('../../engine/track') as typeof import('../../engine/track'));
  const ok = await stopCanary(client, flags.namespace, release, flags, trackRollout);
  if (ok) log(flags, `aborted ${flags.namespace}/${release}: canary scaled to 0, stable unchanged`);
  return ok ? 0 : 1;
}

/** Takes the canary out of traffic (weights to 0), scales it to zero and waits for that. */
async function stopCanary(client: Client, ns: string, release: string, flags: CanaryFlags, trackRollout: TrackFn): Promise<boolean> {
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
  return track(trackRollout, client, [deploymentRef(ns, canaryName)], flags);
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

type TrackFn = typeof import('../../engine/track').trackRollout;

async function track(trackRollout: TrackFn, client: Client, refs: ReturnType<typeof deploymentRef>[], flags: CanaryFlags): Promise<boolean> {
  const { createTrackReporter } = (require('../../engine/output/progress') as typeof import('../../engine/output/progress'));
  const { parseDuration } = (require('../../engine/track') as typeof import('../../engine/track'));
  const result = await trackRollout(client.kc, refs, {
    timeoutMs: parseDuration(flags.timeout),
    reporter: createTrackReporter({ output: flags.output }),
  });
  return result.ok;
}

function imagesOf(d: any): string {
  return (d.spec?.template?.spec?.containers ?? []).map((c: { image: string }) => c.image).join(', ');
}

function log(flags: CanaryFlags, line: string): void {
  if (flags.output === 'json') console.log(JSON.stringify({ type: 'canary', message: line }));
  else console.log(line);
}
