import { Command } from 'commander';
import { VERSION } from './version';
import { registerSynth } from './commands/synth';
import { registerEngineCommands } from './commands/engine';
import { registerDevCluster } from './commands/dev-cluster';
import { registerCanary } from './commands/canary';
import { registerImport } from './commands/import';
import { registerInit } from './commands/init';

// Each command module registers its own options; heavy modules (the engine, the Kubernetes
// client) are imported inside the action so that `kapstan synth` and `--help` stay fast.
const program = new Command('kapstan')
  .description('Kapstan: typed Kubernetes constructs, synthesis with validation, and a deploy engine')
  .version(VERSION, '-v, --version');

registerSynth(program);
registerEngineCommands(program);
registerDevCluster(program);
registerCanary(program);
registerImport(program);
registerInit(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`kapstan: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(Number(process.exitCode) > 1 ? Number(process.exitCode) : 2);
});
