import { Command, CommanderError } from 'commander';
import { KAPSTAN_VERSION as VERSION } from '../version';
import { registerSynth } from './commands/synth';
import { registerEngineCommands } from './commands/engine';
import { registerDevCluster } from './commands/dev-cluster';
import { registerCanary } from './commands/canary';
import { registerImport } from './commands/import';
import { registerValidate } from './commands/validate';
import { registerInit } from './commands/init';
import { applyConventions, exitCodeFor, formatError, isVerbose } from './conventions';
import { guardStdout } from './stdout';

// A reader that goes away (`| head`) ends the command quietly; see cli/stdout.ts.
guardStdout();

// Each command module registers its own options; heavy modules (the engine, the Kubernetes
// client) are imported inside the action so that `kapstan synth` and `--help` stay fast.
const program = new Command('kapstan')
  .description('Kapstan: typed Kubernetes constructs, synthesis with validation, and a deploy engine')
  .version(VERSION, '-V, --version')
  .option('--verbose', 'show stack traces and the app\'s full output with errors');

registerSynth(program);
registerValidate(program);
registerEngineCommands(program);
registerDevCluster(program);
registerCanary(program);
registerImport(program);
registerInit(program);
applyConventions(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (!(err instanceof CommanderError)) process.stderr.write(formatError(err, isVerbose()));
  process.exit(exitCodeFor(err));
});
