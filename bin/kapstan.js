#!/usr/bin/env node
// In a checkout, runs the bundled CLI (lib/kapstan.js, built by `npm run build` and on `npm ci`)
// when it is newer than every file it was built from; otherwise the TypeScript sources through
// tsx, so an edited checkout always runs what is on disk. KAPSTAN_FROM_SOURCE=1 forces the sources.
// An installed package has no sources: it always runs its bundle (or, without one, lib/cli/main.js).
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const bundle = path.join(root, 'lib', 'kapstan.js');
const sources = path.join(root, 'cli', 'main.ts');

function freshBundle() {
  if (process.env.KAPSTAN_FROM_SOURCE === '1') return undefined;
  try {
    const builtAt = fs.statSync(bundle).mtimeMs;
    const inputs = JSON.parse(fs.readFileSync(path.join(root, 'lib', 'kapstan.inputs.json'), 'utf8'));
    for (const file of inputs) if (fs.statSync(path.join(root, file)).mtimeMs > builtAt) return undefined;
    return bundle;
  } catch {
    return undefined; // not built, or a source file was removed
  }
}

if (!fs.existsSync(sources)) {
  if (fs.existsSync(bundle)) require('./run-bundle').runBundle(bundle);
  else require('../lib/cli/main.js');
} else {
  const fresh = freshBundle();
  if (fresh) {
    require('./run-bundle').runBundle(fresh);
  } else {
    require('tsx/cjs');
    require('../cli/main.ts');
  }
}
