import type { Command } from 'commander';

/**
 * `kapstan import <crd.yaml> [-o imports/]`: typed bindings for the CustomResourceDefinitions in a
 * local file, plus the schema that `kapstan synth` validates their objects against.
 */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description('generate typed bindings for the CRDs in a local YAML file into imports/ (with their schemas, for validation)')
    .argument('<file>', 'YAML file with one or more CustomResourceDefinitions')
    .option('-o, --output <dir>', 'output directory', 'imports')
    .action((file: string, flags: { output: string }) => {
      // Loaded on use: the code generator is not needed by any other command.
      const { importCrds } = require('../../validate/crd/import-crds') as typeof import('../../validate/crd/import-crds');
      for (const path of importCrds(file, flags.output)) console.log(`wrote ${path}`);
    });
}
