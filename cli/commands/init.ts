import type { Command } from 'commander';

/** `kapstan init [DIR]`: a new TypeScript project with a stack, a test and a strict tsconfig. */
export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create a new Kapstan project (TypeScript app, strict tsconfig, Jest test, cdk8s.yaml) and install it')
    .argument('[dir]', 'directory to create the project in (empty or missing)', '.')
    .option('--no-install', 'write the files only, do not run npm install')
    .action((dir: string, flags: { install: boolean }) => {
      const { initProject } = require('../init/init-project') as typeof import('../init/init-project');
      const files = initProject(dir, { install: flags.install });
      console.log(`created ${files.length} files in ${dir}: ${files.join(', ')}`);
      const cd = dir === '.' ? '' : `cd ${dir} && `;
      console.log(`next: ${cd}npm test && npx kapstan synth`);
    });
}
