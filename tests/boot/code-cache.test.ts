import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/util/project-root.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/**
 * The launcher of the bundled programs (src/boot/code-cache.cjs), on a small program bundled as
 * scripts/bundle.mjs bundles ours: CommonJS with a source map beside it.
 */
const LAUNCHER = path.join(PROJECT_ROOT, 'src', 'boot', 'code-cache.cjs');

describe('running a bundled program with the code cache', () => {
  let work: ReturnType<typeof makeTempDir>;
  let program: string;

  beforeAll(async () => {
    work = makeTempDir('code-cache');
    fs.writeFileSync(
      path.join(work.dir, 'program.ts'),
      [
        'function fail(): never {',
        "  throw new Error('asked to fail');",
        '}',
        "if (process.argv.includes('fail')) fail();",
        "console.log('ran', typeof require, __filename.endsWith('program.cjs'));",
        '',
      ].join('\n'),
    );
    program = path.join(work.dir, 'program.cjs');
    await build({ entryPoints: [path.join(work.dir, 'program.ts')], outfile: program, bundle: true, platform: 'node', format: 'cjs', sourcemap: true, logLevel: 'silent' });
  });
  afterAll(() => work.cleanup());

  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--enable-source-maps', '-e', `require(${JSON.stringify(LAUNCHER)}).runWithCodeCache(${JSON.stringify(program)})`, '--', ...args], { encoding: 'utf8' });
  const cacheFile = () => `${program}.v8-cache`;

  it('writes the cache on the first exit, uses it unchanged after, and rewrites one V8 rejects', () => {
    const first = run();
    expect(first.stdout.trim()).toBe('ran function true');
    expect(fs.existsSync(cacheFile())).toBe(true);
    const written = fs.readFileSync(cacheFile());

    // Accepted: the second run leaves it as it was.
    expect(run().stdout.trim()).toBe('ran function true');
    expect(fs.readFileSync(cacheFile()).equals(written)).toBe(true);

    fs.writeFileSync(cacheFile(), 'not a code cache');
    expect(run().stdout.trim()).toBe('ran function true');
    const rewritten = fs.readFileSync(cacheFile());
    expect(rewritten.toString('latin1')).not.toContain('not a code cache');
    expect(rewritten.length).toBeGreaterThan(100);
    // …and the rewritten one is accepted in turn.
    run();
    expect(fs.readFileSync(cacheFile()).equals(rewritten)).toBe(true);
    expect(fs.readdirSync(work.dir).filter((name) => name.includes('.v8-cache.'))).toEqual([]);
  });

  it('maps stack traces to the TypeScript sources with --enable-source-maps', () => {
    const failed = run('fail');
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toContain('Error: asked to fail');
    expect(failed.stderr).toContain(`at fail (${path.join(work.dir, 'program.ts')}:2:9)`);
    expect(failed.stderr).not.toMatch(/at fail \(.*program\.cjs/);
  });
});
