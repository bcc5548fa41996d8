import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface NodeProcess {
  child: ChildProcess;
  output(): string;
  /** Sends the signal and resolves with the exit code once the process has ended. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Our own name for the worker processes tests start. */
export type WorkerProcess = NodeProcess;

/**
 * Starts one of our TypeScript entry points (node + tsx, without npm's wrapper) with exactly
 * this environment, and waits until its output shows `ready`.
 */
export async function startNodeProcess(script: string, env: Record<string, string | undefined>, ready: string): Promise<NodeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = once(child, 'exit').then(([code]) => code as number | null);

  const deadline = Date.now() + 20_000;
  while (!output.includes(ready)) {
    if (child.exitCode !== null) throw new Error(`${script} exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`${script} did not start in time:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Starts a real `npm run worker` process with this environment. */
export function startWorker(env: Record<string, string | undefined>): Promise<WorkerProcess> {
  return startNodeProcess('jobs/worker.ts', env, 'worker started');
}

/** Starts a real `npm start` API process with this environment; resolves once it listens. */
export function startServer(env: Record<string, string | undefined>): Promise<NodeProcess> {
  return startNodeProcess('src/server.ts', env, 'Server listening at');
}
