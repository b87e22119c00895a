'use strict';
// Preloaded into the user's app process by `kapstan synth` (NODE_OPTIONS=--require). It patches
// `App.prototype.synth` of every copy of cdk8s the app loads, so that any cdk8s app (a Kapstan
// app or a plain cdk8s one) is synthesized by Kapstan instead: stacks, validation, apply order,
// index.json. The result goes to the file named by KAPSTAN_SYNTH_RESULT for the parent to read.
// Plain JavaScript on purpose: it must load before any TypeScript loader is registered.
const Module = require('module');

const RTTI = Symbol.for('jsii.rtti');
const patched = new WeakSet();
let runner;

function patch(App) {
  if (patched.has(App)) return;
  patched.add(App);
  App.prototype.synth = function kapstanSynth() {
    runner ??= loadRunner();
    runner.runSynth(this);
  };
}

/**
 * Kapstan's synthesis: compiled next to this file in the published package (lib/synth/); in a
 * checkout it is TypeScript, loaded with whatever TypeScript support the app has.
 */
function loadRunner() {
  const compiled = require('path').join(__dirname, 'hook-run.js');
  if (require('fs').existsSync(compiled)) return require(compiled);
  // Under ts-node (which would type-check Kapstan with the app's tsconfig), use tsx's isolated API.
  if (process[Symbol.for('ts-node.register.instance')]) return require('tsx/cjs/api').require('./hook-run.ts', __filename);
  // Under tsx the extension is already there (the cheapest path); a compiled app run with plain
  // `node` gets tsx's CommonJS hook.
  if (!require.extensions['.ts']) require('tsx/cjs');
  return require('./hook-run.ts');
}

// The parent names the file and line of an app's error (synth/app-error.ts) instead of showing
// the stack trace: it gets the error in a file next to the result.
function tellParent(error) {
  const file = process.env.KAPSTAN_SYNTH_RESULT;
  if (!file) return;
  try {
    const e = error instanceof Error ? error : new Error(String(error));
    const input = !!(error && error.kapstanInputError === true);
    require('fs').writeFileSync(`${file}.error`, JSON.stringify({ name: e.name, message: e.message, stack: e.stack || '', input }));
  } catch {
    // the parent then reports the exit code and the app's output
  }
}

// A construct's input error already names the construct path or file and the field: print that
// line alone (the parent adds that the app failed). Anything else keeps its stack trace.
function failed(error) {
  tellParent(error);
  const text = error && error.kapstanInputError === true ? `error: ${error.message}` : String((error && error.stack) || error);
  process.stderr.write(`${text}\n`);
  process.exit(1);
}
process.on('uncaughtException', failed);
process.on('unhandledRejection', failed);

const load = Module._load;
Module._load = function kapstanLoad(request, parent, isMain) {
  const exported = load.apply(this, arguments);
  // Only look at modules whose request names cdk8s: reading properties of arbitrary exports
  // could trigger lazy getters with side effects.
  if (typeof request === 'string' && request.includes('cdk8s') && exported && typeof exported === 'object') {
    const App = exported.App;
    if (typeof App === 'function' && App[RTTI] && App[RTTI].fqn === 'cdk8s.App') patch(App);
  }
  return exported;
};
