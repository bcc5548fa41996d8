import { spawn } from 'node:child_process';
import { freePort } from '../../tests/helpers/chromium.js';
import { makeTempDir } from '../../tests/helpers/temp-dir.js';
import { scriptArgs } from '../lib/dist.js';
import type { Row } from '../lib/report.js';

const RUNS = 5;
const BARE = "const f = require('fastify')(); f.get('/healthz', async () => ({ ok: true })); f.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });";

/** Milliseconds from spawning `args` to the first 200 from /healthz on `port`; the process is stopped after. */
async function timeToFirstAnswer(args: string[], env: Record<string, string>, port: number): Promise<number> {
  const began = performance.now();
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH, ...env, PORT: String(port) }, stdio: 'ignore' });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
      const answered = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
      if (answered) return performance.now() - began;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * `npm start` (the compiled service, started as package.json says, a fresh SQLite file each run, so
 * migrations run too) to its first answered request, against `node -e` starting a bare Fastify:
 * the median of 5 each. Builds dist/ first so it is the code of this checkout.
 */
export async function startUp(): Promise<Row[]> {
  const start = scriptArgs('start');
  const ours: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    bare.push(await timeToFirstAnswer(['-e', BARE], {}, await freePort()));
    const { dir, cleanup } = makeTempDir('bench-start');
    try {
      ours.push(await timeToFirstAnswer(start, { DATABASE_PATH: `${dir}/start.db`, LOG_LEVEL: 'silent', HOST: '127.0.0.1' }, await freePort()));
    } finally {
      cleanup();
    }
  }
  const ratio = median(ours) / median(bare);
  return [
    {
      measure: '`npm start` (compiled, fresh database) to the first answered request: median of 5',
      result: `${median(ours).toFixed(0)} ms`,
      baseline: `${median(bare).toFixed(0)} ms (node -e, bare Fastify)`,
      ratio: ratio.toFixed(2),
      target: '< 3×',
      met: ratio < 3,
    },
  ];
}
