import * as fs from 'fs';
import * as path from 'path';

/**
 * Kapstan's own version, from the nearest package.json named `kapstan` above this file: the
 * sources sit one folder below it, the compiled package (lib/<folder>/) two.
 */
function readVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'kapstan' && pkg.version) return pkg.version;
    }
    if (path.dirname(dir) === dir) throw new Error(`kapstan: no package.json of kapstan above ${__dirname}`);
  }
}

export const KAPSTAN_VERSION: string = readVersion();
