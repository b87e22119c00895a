// The published package holds the folders of tsconfig.build.json: every package their modules
// import must be a dependency or peer of kapstan, or an installed app fails to load it.
import { builtinModules } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const build = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] };

function sources(rel: string): string[] {
  const full = path.join(ROOT, rel);
  if (fs.statSync(full).isFile()) return /\.(ts|js)$/.test(rel) && !rel.endsWith('.d.ts') ? [rel] : [];
  return fs.readdirSync(full).flatMap((f) => sources(path.join(rel, f)));
}

/** `a`, `@s/a` from `a/sub`, `@s/a/sub`; undefined for relative and builtin modules. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0])) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

describe('the published package', () => {
  const files = build.include.flatMap(sources);
  const imported = new Map<string, string>(); // package -> first file importing it
  for (const file of files) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/(?:\bfrom\s+|\bimport\s+|\brequire\(\s*|\bimport\(\s*)['"]([^'"]+)['"]/g)) {
      const name = packageOf(m[1]);
      if (name && !imported.has(name)) imported.set(name, file);
    }
  }

  it('scans the modules it ships', () => {
    expect(files).toEqual(expect.arrayContaining(['index.ts', 'synth/hook.js', 'cli/main.ts', 'testing/index.ts']));
    expect(imported.get('cdk8s')).toBeDefined();
  });

  it('imports only its dependencies and peers', () => {
    const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
    // hook.js loads tsx only in a checkout (no compiled hook-run.js next to it); `kapstan` itself
    // appears in comments and in the files `kapstan init` writes
    const missing = [...imported].filter(([name]) => !declared.has(name) && name !== 'tsx' && name !== 'kapstan').map(([name, file]) => `${name} (${file})`);
    expect(missing).toEqual([]);
  });

  it('names cdk8s, constructs and cdk8s-plus-34 as peers (one copy in an app), and keeps them for its own tests', () => {
    for (const peer of ['cdk8s', 'constructs', 'cdk8s-plus-34']) {
      expect({ peer, dependency: pkg.dependencies[peer], peerRange: pkg.peerDependencies[peer], dev: pkg.devDependencies[peer] })
        .toEqual({ peer, dependency: undefined, peerRange: expect.any(String), dev: pkg.peerDependencies[peer] });
    }
  });
});
