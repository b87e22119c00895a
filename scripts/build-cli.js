#!/usr/bin/env node
// Bundles the CLI into lib/kapstan.js so that `kapstan` starts without compiling TypeScript on
// every run (under tsx, module loading alone costs more than a whole no-op apply).
// bin/kapstan.js uses the bundle only while it is newer than every source file it was built from
// (listed in lib/kapstan.inputs.json), so an edited checkout never runs stale code.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const outfile = path.join(root, 'lib', 'kapstan.js');

// Modules find files next to their source (synth/hook.js, validate/schema/generated/, the
// dev-cluster scripts): point their __dirname at the source folder, relative to lib/, in a
// checkout; an installed package has no sources, its copies are in lib/<folder>/ (build-lib.js).
const sourceDirname = {
  name: 'source-dirname',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const text = await fs.promises.readFile(args.path, 'utf8');
      if (!text.includes('__dirname')) return { contents: text, loader: 'ts' };
      const rel = path.relative(root, path.dirname(args.path)).split(path.sep).join('/');
      const dir = `__kapstanDir(${JSON.stringify(rel)})`;
      return { contents: text.replace(/\b__dirname\b/g, dir), loader: 'ts' };
    });
  },
};
const dirHelper = [
  'function __kapstanDir(rel) {',
  "  const path = require('node:path');",
  "  const source = path.join(__dirname, '..', rel);",
  "  return require('node:fs').existsSync(source) ? source : path.join(__dirname, rel);",
  '}',
].join('\n');

async function main() {
  // Code caches of earlier builds (see bin/run-bundle.js) are useless now.
  for (const f of fs.existsSync(path.dirname(outfile)) ? fs.readdirSync(path.dirname(outfile)) : []) {
    if (f.endsWith('.v8cache')) fs.rmSync(path.join(path.dirname(outfile), f), { force: true });
  }
  const result = await esbuild.build({
    entryPoints: [path.join(root, 'cli', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'linked',
    // client-node is ESM and only loaded for tracking; tsx is the fallback loader itself.
    external: ['@kubernetes/client-node', 'tsx', 'tsx/*'],
    metafile: true,
    logLevel: 'warning',
    plugins: [sourceDirname],
    banner: { js: dirHelper },
  });
  const inputs = Object.keys(result.metafile.inputs)
    .filter((f) => !f.includes('node_modules/'))
    .concat('package-lock.json')
    .sort();
  fs.writeFileSync(path.join(root, 'lib', 'kapstan.inputs.json'), `${JSON.stringify(inputs, null, 1)}\n`);
  console.log(`built ${path.relative(root, outfile)} from ${inputs.length} source files`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
