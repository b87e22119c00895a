import type { Command } from 'commander';
import { Option } from 'commander';

// `kapstan promote RELEASE` / `kapstan abort RELEASE` for a CanaryRelease on a live cluster; the
// cluster work is the engine's (engine/canary/release.ts), loaded inside the actions
// (require, not import(): the CLI runs under tsx's CommonJS loader).

interface CanaryFlags {
  namespace: string;
  context?: string;
  kubeconfig?: string;
  timeout: string;
  output: 'text' | 'json';
}

type Client = import('../../engine/client').KubeClient;
type CanaryResult = import('../../engine/canary/release').CanaryResult;
type CanaryOptions = import('../../engine/canary/release').CanaryOptions;

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
      const { promoteCanary } = (require('../../engine/canary/release') as typeof import('../../engine/canary/release'));
      process.exitCode = await withClient(flags, (c, opts) => promoteCanary(c, release, opts));
    });
  options(program.command('abort <release>'))
    .description("stop a CanaryRelease's canary: no traffic, zero replicas")
    .action(async (release: string, flags: CanaryFlags) => {
      const { abortCanary } = (require('../../engine/canary/release') as typeof import('../../engine/canary/release'));
      process.exitCode = await withClient(flags, (c, opts) => abortCanary(c, release, opts));
    });
}

async function withClient(flags: CanaryFlags, body: (c: Client, opts: CanaryOptions) => Promise<CanaryResult>): Promise<number> {
  const { KubeClient } = (require('../../engine/client') as typeof import('../../engine/client'));
  const { createTrackReporter } = (require('../../engine/output/progress') as typeof import('../../engine/output/progress'));
  const { parseDuration } = (require('../../engine/track') as typeof import('../../engine/track'));
  const client = await KubeClient.connect({ kubeconfig: flags.kubeconfig, context: flags.context });
  try {
    const result = await body(client, {
      namespace: flags.namespace,
      timeoutMs: parseDuration(flags.timeout),
      reporter: createTrackReporter({ output: flags.output, stream: process.stdout }),
      log: (line) => log(flags, line),
    });
    if (result.error) console.error(`error: ${result.error}`);
    return result.ok ? 0 : 1;
  } catch (err) {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    return (err as { exitCode?: number }).exitCode ?? 1;
  } finally {
    client.close();
  }
}

function log(flags: CanaryFlags, line: string): void {
  if (flags.output === 'json') console.log(JSON.stringify({ type: 'canary', message: line }));
  else console.log(line);
}
