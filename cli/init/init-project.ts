import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { kapstanPackageJson } from '../../version';
import { projectFiles, projectFor } from './project-files';

export interface InitOptions {
  /** Run `npm install` in the new project (default true). */
  install?: boolean;
}

/**
 * `kapstan init [DIR]`: writes a new project into DIR (created if missing, else it must be empty
 * but for a .git folder) and installs its dependencies. Returns the files written.
 */
export function initProject(dir: string, options: InitOptions = {}): string[] {
  const target = path.resolve(dir);
  if (fs.existsSync(target)) {
    if (!fs.statSync(target).isDirectory()) throw new Error(`${dir} exists and is not a directory`);
    const present = fs.readdirSync(target).filter((f) => f !== '.git');
    if (present.length) throw new Error(`${dir} is not empty (${present.slice(0, 5).join(', ')}${present.length > 5 ? ', …' : ''}): kapstan init only writes into an empty directory`);
  }
  const own = kapstanPackageJson();
  const files = projectFiles(projectFor(target), {
    kapstan: own.version,
    ranges: { ...own.devDependencies, ...own.peerDependencies },
  });
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(target, rel)), { recursive: true });
    fs.writeFileSync(path.join(target, rel), text);
  }
  if (options.install ?? true) {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['install'], { cwd: target, stdio: 'inherit' });
    if (r.error) throw new Error(`npm install in ${dir} could not run: ${r.error.message}`);
    if (r.status !== 0) throw new Error(`npm install in ${dir} exited ${r.status}; the project files are written, run it again there`);
  }
  return Object.keys(files);
}
