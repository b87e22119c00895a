import type { Command } from 'commander';
import { Option } from 'commander';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Problem } from '../../synth/types';
import { formatProblems } from '../../synth/report';
import { KAPSTAN_VERSION as VERSION } from '../../version';

interface ValidateFlags {
  app?: string;
  stack?: string;
  output: 'text' | 'json' | 'sarif';
  recursive?: boolean;
}

/**
 * `kapstan validate [--app CMD | FILE…]`: the checks of `kapstan synth` on an app or on plain
 * manifests from anywhere (files, directories, `-` for stdin), as text, JSON or SARIF.
 */
export function registerValidate(program: Command): void {
  program
    .command('validate [files...]')
    .description("validate manifests (files, directories, '-' for stdin) or an app (--app, default: cdk8s.yaml's) without writing anything")
    .option('-a, --app <cmd>', 'command that runs the app (default: app in cdk8s.yaml when no files are given)')
    .option('-s, --stack <name>', 'with an app: only this stack')
    .option('-R, --recursive', 'read subdirectories of directories too')
    .addOption(new Option('-o, --output <format>', 'text, json (one object) or sarif (2.1.0, for CI annotations)').choices(['text', 'json', 'sarif']).default('text'))
    .action(async (files: string[], flags: ValidateFlags) => {
      if (files.length && flags.app) throw usage('give either --app or files, not both');
      const { problems, objects, sourceOf } = files.length ? await fromFiles(files, flags) : await fromApp(flags);
      const errors = problems.filter((p) => p.severity === 'error').length;
      if (flags.output === 'json') {
        console.log(JSON.stringify({ ok: errors === 0, objects, errors, warnings: problems.length - errors, problems }, null, 2));
      } else if (flags.output === 'sarif') {
        const { toSarif } = (require('../../validate/report/sarif') as typeof import('../../validate/report/sarif'));
        console.log(JSON.stringify(toSarif(problems, sourceOf, VERSION, (f) => path.relative(process.cwd(), f) || f), null, 2));
      } else {
        const lines = formatProblems(problems);
        if (lines.length) console.error(lines.join('\n'));
        const counts = `${errors} error${errors === 1 ? '' : 's'}, ${problems.length - errors} warning${problems.length - errors === 1 ? '' : 's'}`;
        (errors ? console.error : console.log)(`Validated ${objects} object${objects === 1 ? '' : 's'}: ${counts}`);
      }
      if (errors) process.exitCode = 1;
    });
}

interface Checked { problems: Problem[]; objects: number; sourceOf: (p: Problem) => { file?: string; document?: number; name?: string } }

async function fromFiles(files: string[], flags: ValidateFlags): Promise<Checked> {
  const { validateManifestFiles, problemSource } = (require('../../validate/manifest-files') as typeof import('../../validate/manifest-files'));
  const result = validateManifestFiles(files, { recursive: flags.recursive });
  return { problems: result.problems, objects: result.objects.length, sourceOf: (p) => problemSource(p, result.files) };
}

async function fromApp(flags: ValidateFlags): Promise<Checked> {
  const { synthApp } = (require('../../synth/run-app') as typeof import('../../synth/run-app'));
  const { problemSource } = (require('../../validate/manifest-files') as typeof import('../../validate/manifest-files'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-validate-'));
  try {
    // JSON and SARIF own stdout: the app's own output is captured instead of shown
    const result = await synthApp({ app: flags.app, outdir: tmp, stack: flags.stack, validate: 'strict', stdio: flags.output === 'text' ? 'inherit' : 'pipe' });
    const objects = result.stacks.reduce((n, s) => n + s.objects, 0);
    return { problems: result.problems, objects, sourceOf: (p) => problemSource(p, new Map()) };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function usage(message: string): Error {
  process.exitCode = 2;
  return new Error(message);
}
