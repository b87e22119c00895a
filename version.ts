// Kapstan's version, the one module synth, validate, the engine and the CLI read it from.
import * as fs from 'fs';
import * as path from 'path';

export interface KapstanPackageJson {
  name: 'kapstan';
  version: string;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/**
 * Kapstan's own package.json: the nearest one named `kapstan` above this file (the source sits
 * next to it, the compiled package's copy in lib/ one folder below, the CLI bundle in lib/ too).
 */
export function kapstanPackageJson(): KapstanPackageJson {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<KapstanPackageJson>;
      if (pkg.name === 'kapstan' && pkg.version) return pkg as KapstanPackageJson;
    }
    if (path.dirname(dir) === dir) throw new Error(`kapstan: no package.json of kapstan above ${__dirname}`);
  }
}

export const KAPSTAN_VERSION: string = kapstanPackageJson().version;
