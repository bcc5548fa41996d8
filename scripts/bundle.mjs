// `npm run build`: the service, the worker and the CLI bundled by esbuild, each into one file under
// dist/bundle/programs/, started through dist/bundle/<name>.cjs with V8's code cache
// (src/boot/code-cache.cjs); then the server is started once, so its cache is warm before the first
// real start. Node loads a few files instead of ~500 (bench/README.md, "Start-up").
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const bundleDir = path.join(root, 'dist', 'bundle');
const programsDir = path.join(bundleDir, 'programs');

// Left to node_modules: native addons, packages that read their own files (Bull Board's views), the
// one copy BullMQ and we must share (ioredis), and what only some processes need, once (undici
// for calls to receivers, ExcelJS for workbooks, Playwright for PDFs).
const external = ['better-sqlite3', '@resvg/resvg-js', 'msgpackr-extract', 'bullmq', 'ioredis', '@bull-board/api', '@bull-board/fastify', 'undici', 'playwright-core', 'exceljs'];

/**
 * @fastify/compress asks `payload instanceof Response` of every answer; the first look at Node's
 * global Response loads its whole fetch implementation (≈ 35 ms of the first request's time).
 * Fastify itself asks by the object's tag instead (lib/reply.js), which is what this makes
 * compress do in the bundle too. The build fails if the lines it replaces change.
 */
const compressWithoutFetch = {
  name: 'compress-without-fetch',
  setup(build) {
    build.onLoad({ filter: /@fastify[\\/]compress[\\/]lib[\\/]utils\.js$/ }, ({ path: file }) => {
      let contents = fs.readFileSync(file, 'utf8');
      for (const type of ['Response', 'ReadableStream']) {
        const asked = `return obj instanceof ${type}`;
        if (!contents.includes(asked)) throw new Error(`${file} no longer says "${asked}": look at compressWithoutFetch in scripts/bundle.mjs again`);
        contents = contents.replace(asked, `return typeof obj === 'object' && obj !== null && Object.prototype.toString.call(obj) === '[object ${type}]'`);
      }
      return { contents, loader: 'js' };
    });
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Without comments and spaces: a start reads (and V8 hashes) a third less; names stay as written.
  minifyWhitespace: true,
  minifySyntax: true,
  external,
  plugins: [compressWithoutFetch],
  logLevel: 'warning',
};

fs.rmSync(bundleDir, { recursive: true, force: true });

// The programs: CommonJS, one file each, so V8 can cache each one's compiled code whole. import()
// of our own code is bundled; of the packages above it becomes require() (each has a CommonJS build).
const programs = { server: 'src/server.ts', worker: 'jobs/worker.ts', cli: 'src/cli/main.ts' };
const result = await build({
  ...common,
  entryPoints: programs,
  outdir: programsDir,
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  supported: { 'dynamic-import': false },
  // Every module's import.meta.url is the program's own file (PROJECT_ROOT is found from it, and
  // the drawing thread beside it).
  define: { 'import.meta.url': '__programUrl' },
  banner: { js: "const __programUrl = require('node:url').pathToFileURL(__filename).href;" },
  metafile: true,
});

// The poster-drawing thread: started as a worker thread from ./drawing-thread.js beside the
// program (src/posters/poster-drawer.ts), an ES module like the sources.
// CommonJS packages inside it still call require() for Node's own modules.
await build({
  ...common,
  entryPoints: { 'drawing-thread': 'src/posters/drawing-thread.ts' },
  outdir: programsDir,
  format: 'esm',
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});

fs.copyFileSync(path.join(root, 'src', 'boot', 'code-cache.cjs'), path.join(bundleDir, 'code-cache.cjs'));
for (const name of Object.keys(programs)) {
  fs.writeFileSync(
    path.join(bundleDir, `${name}.cjs`),
    `'use strict';\n// Made by scripts/bundle.mjs: runs programs/${name}.cjs with V8's code cache.\nrequire('./code-cache.cjs').runWithCodeCache(require('node:path').join(__dirname, 'programs', '${name}.cjs'));\n`,
  );
}

// The cache only makes starts faster: a machine where the server cannot start here (no free port,
// say) still gets its build, and the cache is written at the first real start's exit instead.
try {
  await warmServerCache();
} catch (error) {
  console.warn(`Bundled, but the code cache was not warmed: ${error.message}`);
}
// Written last: scripts/build-if-stale.mjs compares the sources with this file's time.
fs.writeFileSync(path.join(bundleDir, 'meta.json'), JSON.stringify(result.metafile));

/**
 * Starts the bundled server once, as `npm start` does (its node flags: V8 accepts a cache only under
 * the flags it was made with), on a throwaway database with no settings file, until it answers;
 * on the way out it writes its code cache.
 */
async function warmServerCache() {
  const scripts = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts;
  const [, ...args] = scripts.start.split(/\s+/).map((arg) => (arg.startsWith('dist/') ? path.join(root, arg) : arg));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chuanglian-warm-'));
  const port = await freePort();
  const env = { PATH: process.env.PATH, HOME: dir, DATABASE_PATH: path.join(dir, 'warm.db'), MAIL_DIR: path.join(dir, 'mail'), PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent' };
  // Its own folder as the working one: no .env of this checkout is read.
  const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const until = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the bundled server exited with ${child.exitCode} while starting`);
      if (Date.now() > until) throw new Error('the bundled server did not answer within 60 s');
      const answered = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (answered) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
