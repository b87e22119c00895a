// The --federation/--waves options, kept apart from the runner so registering commands loads no engine code.
import type { Command } from 'commander';

/** Adds --federation and --waves to an engine command. */
export function federationOptions(cmd: Command): Command {
  return cmd
    .option('--federation <name>', 'run on every member cluster of this federation (dist/<name>/<cluster>/)')
    .option('--waves [spec]', "with --federation: apply in waves: 'declared' (members' wave, the default), 'parallel', sizes like 1,2 (first cluster as canary), or names like eu-1,eu-2+us-1");
}
