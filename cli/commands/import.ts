import type { Command } from 'commander';

/**
 * `kapstan import <crd.yaml> [-o imports/]`: typed bindings for the CustomResourceDefinitions in a
 * local file, plus the schema that `kapstan synth` validates their objects against.
 * `kapstan import helm <chart> [-o imports/]`: a `Values` interface for a Helm chart
 * (`imports/helm/<chart>.ts`), from its values.schema.json or inferred from its values.yaml.
 */
export function registerImport(program: Command): void {
  const command = program
    .command('import')
    .description('generate typed bindings for the CRDs in a local YAML file into imports/ (with their schemas, for validation); `import helm <chart>`: a Values interface for a Helm chart into imports/helm/')
    .argument('<file>', 'YAML file with one or more CustomResourceDefinitions, or `helm`')
    .argument('[chart]', 'after `helm`: a chart directory, a .tgz, oci://… or a chart name with --repo')
    .option('-o, --output <dir>', 'output directory', 'imports')
    .option('--repo <url>', 'with helm: the chart repository of a chart name')
    .option('--chart-version <version>', 'with helm: the version of a repository or OCI chart')
    .option('--plain-http', 'with helm: the OCI registry is served over plain HTTP (e.g. on localhost)')
    .action(async (file: string, chart: string | undefined, flags: { output: string; repo?: string; chartVersion?: string; plainHttp?: boolean }) => {
      if (file === 'helm') {
        if (!chart) return command.error('error: kapstan import helm needs a chart: kapstan import helm <chart> [-o DIR]', { exitCode: 2, code: 'kapstan.usage' });
        // Loaded on use: the schema-to-TypeScript generator serves this command only.
        const { importHelmValues } = require('../../helm/import-values') as typeof import('../../helm/import-values');
        console.log(`wrote ${await importHelmValues(chart, flags.output, { repo: flags.repo, version: flags.chartVersion, plainHttp: flags.plainHttp })}`);
        return;
      }
      if (chart !== undefined) command.error(`error: unexpected argument ${chart} (a CRD file takes no chart; a file named helm: ./helm)`, { exitCode: 2, code: 'kapstan.usage' });
      // Loaded on use: the code generator is not needed by any other command.
      const { importCrds } = require('../../validate/crd/import-crds') as typeof import('../../validate/crd/import-crds');
      for (const path of importCrds(file, flags.output)) console.log(`wrote ${path}`);
    });
}
