import type { Command } from 'commander';
import { Option } from 'commander';
import { formatProblems, formatSummary } from '../../synth/report';
import { synthApp } from '../../synth/run-app';
import type { ValidateMode } from '../../synth/types';

export { synthApp, type SynthAppOptions, type SynthAppResult } from '../../synth/run-app';

interface SynthFlags {
  app?: string;
  output: string;
  stack?: string;
  validate: ValidateMode;
}

/** `kapstan synth`: runs the app with Kapstan's synthesis, prints problems and a summary. */
export function registerSynth(program: Command): void {
  program
    .command('synth')
    .description("synthesize the app into dist/<stack>/ (validated, in apply order); runs cdk8s.yaml's app unless --app is given")
    .option('-a, --app <cmd>', 'command that runs the app (default: app in cdk8s.yaml)')
    .option('-o, --output <dir>', 'output directory', 'dist')
    .option('-s, --stack <name>', 'only this stack (or federation)')
    .addOption(new Option('--validate <mode>', 'strict: errors fail; warn: report only; off: skip checks').choices(['strict', 'warn', 'off']).default('strict'))
    .action(async (flags: SynthFlags) => {
      // The app's output is captured so that a crash shows as one error line (the whole output
      // with --verbose); a run that gets as far as synthesizing shows it as it was.
      const result = await synthApp({ app: flags.app, outdir: flags.output, stack: flags.stack, validate: flags.validate, stdio: 'pipe' });
      if (result.output?.trim()) process.stderr.write(result.output.endsWith('\n') ? result.output : `${result.output}\n`);
      const problems = formatProblems(result.problems);
      if (problems.length) console.error(problems.join('\n'));
      const summary = formatSummary(result, result.totalMs).join('\n');
      if (result.ok) console.log(summary);
      else {
        console.error(summary);
        process.exitCode = 1;
      }
    });
}
