'use strict';
// Runs one bundled program (dist/bundle/programs/<name>.cjs, made by scripts/bundle.mjs) with V8's
// code cache, so a start compiles almost nothing: what Node 22's module.enableCompileCache() does,
// on Node 20. The cache is written when the process exits, after start-up has compiled the functions
// it ran (v8-compile-cache writes it before running, which leaves those out: measured 700 against
// 645 ms to the first answer). `npm run build` warms the server's cache; a cache V8 rejects (another
// Node version or other V8 flags) is rewritten on the next exit, where the folder is writable.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire, SourceMap, wrap } = require('node:module');

/** Loads `file` as a CommonJS module of its own, compiled from its cache when V8 accepts it. */
function runWithCodeCache(file) {
  const cacheFile = `${file}.v8-cache`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) process.once('exit', () => writeCache(cacheFile, script));
  if (process.sourceMapsEnabled) mapStackTraces(file);
  const module = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
}

/** Best effort: a read-only install (systemd's ProtectSystem) keeps running without one. */
function writeCache(cacheFile, script) {
  const temporary = `${cacheFile}.${process.pid}`;
  try {
    fs.writeFileSync(temporary, script.createCachedData());
    // Whole or not at all: another process may be reading it.
    fs.renameSync(temporary, cacheFile);
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}

/**
 * Node maps stack traces through a module's source map (--enable-source-maps) only for files its
 * own loaders compiled, not for a vm.Script: frames in `file` are mapped here, through Node's own
 * SourceMap, read the first time a stack is formatted. Other frames are left as V8 wrote them.
 */
function mapStackTraces(file) {
  let map;
  const mapOf = () => {
    if (map === undefined) {
      try {
        map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')));
      } catch {
        map = null;
      }
    }
    return map;
  };
  const sourceDir = path.dirname(file);
  const frame = (site) => {
    const line = site.getLineNumber();
    const column = site.getColumnNumber();
    if (site.getFileName() !== file || !line || !column || !mapOf()) return `    at ${site}`;
    const entry = map.findEntry(line - 1, column - 1);
    if (!entry || !entry.originalSource) return `    at ${site}`;
    const source = path.resolve(sourceDir, entry.originalSource.replace(/^file:\/\//, ''));
    const where = `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    const name = site.getFunctionName() ?? site.getMethodName();
    const prefix = site.isAsync() ? 'async ' : site.isConstructor() ? 'new ' : '';
    return name ? `    at ${prefix}${site.getTypeName() && site.getMethodName() && !site.isConstructor() ? `${site.getTypeName()}.` : ''}${name} (${where})` : `    at ${prefix}${where}`;
  };
  Error.prepareStackTrace = (error, sites) => {
    let head;
    try {
      head = String(error);
    } catch {
      head = 'Error';
    }
    return [head, ...sites.map(frame)].join('\n');
  };
}

module.exports = { runWithCodeCache };
