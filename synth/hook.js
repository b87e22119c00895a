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
    // Loaded lazily through tsx's namespaced API: it works whether or not the app itself runs
    // under tsx (e.g. a compiled cdk8s app started with plain `node`).
    runner ??= require('tsx/cjs/api').require('./hook-run.ts', __filename);
    runner.runSynth(this);
  };
}

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
