#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's CommonJS loader, so no compile step is needed.
require('tsx/cjs');
require('../cli/main.ts');
