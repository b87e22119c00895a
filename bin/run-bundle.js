// Runs lib/kapstan.js with V8's code cache, so that a short command does not spend a good share of
// its time compiling the bundle. Node 22 has module.enableCompileCache for this. On Node 20 the
// bundle alone is compiled through vm.Script with cached data (v8-compile-cache would also take
// over loading @kubernetes/client-node, an ES module, and breaks it).
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

function runBundle(file) {
  if (Module.enableCompileCache) {
    Module.enableCompileCache();
    require(file);
    return;
  }
  const stat = fs.statSync(file);
  // Named after the bundle's size and time: V8 checks little more than the source length itself.
  const cacheFile = path.join(path.dirname(file), `.kapstan.${stat.size}-${Math.floor(stat.mtimeMs)}.v8cache`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  const localRequire = (id) => mod.require(id);
  localRequire.resolve = (id, opts) => Module._resolveFilename(id, mod, false, opts);
  localRequire.main = require.main;
  localRequire.cache = Module._cache;
  // At exit the cache holds every function this run compiled: keep it when it covers more.
  process.once('exit', () => {
    try {
      const data = script.createCachedData();
      if (cachedData && !script.cachedDataRejected && data.length <= cachedData.length * 1.05) return;
      const tmp = `${cacheFile}.${process.pid}`;
      fs.writeFileSync(tmp, data);
      fs.renameSync(tmp, cacheFile);
    } catch {
      // a read-only install only loses the cache
    }
  });
  script.runInThisContext().call(mod.exports, mod.exports, localRequire, mod, file, path.dirname(file));
}

module.exports = { runBundle };
