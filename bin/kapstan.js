#!/usr/bin/env node
// Runs the bundled CLI (lib/kapstan.js, built by `npm run build` and on `npm ci`) when it is
// newer than every file it was built from; otherwise the TypeScript sources through tsx, so an
// edited checkout always runs what is on disk. KAPSTAN_FROM_SOURCE=1 forces the sources.
const fs = require('node:fs');
const path = require('node:path');

function freshBundle() {
  if (process.env.KAPSTAN_FROM_SOURCE === '1') return undefined;
  const root = path.join(__dirname, '..');
  const bundle = path.join(root, 'lib', 'kapstan.js');
  try {
    const builtAt = fs.statSync(bundle).mtimeMs;
    const inputs = JSON.parse(fs.readFileSync(path.join(root, 'lib', 'kapstan.inputs.json'), 'utf8'));
    for (const file of inputs) if (fs.statSync(path.join(root, file)).mtimeMs > builtAt) return undefined;
    return bundle;
  } catch {
    return undefined; // not built, or a source file was removed
  }
}

const bundle = freshBundle();
if (bundle) {
  require('./run-bundle').runBundle(bundle);
} else {
  require('tsx/cjs');
  require('../cli/main.ts');
}
