import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, onTestFinished } from 'vitest';

/**
 * Every process a test starts, until it has exited. A process started inside a test is killed
 * when that test ends, also when it failed or timed out before its own `finally`; one started in
 * a `beforeAll` when the file's tests are done; any left when the test file's process exits.
 */
const running = new Set<ChildProcess>();

/** Kills every process a test started that is still running. */
export async function killStrayProcesses(): Promise<void> {
  const strays = [...running];
  for (const child of strays) child.kill('SIGKILL');
  await Promise.all(strays.filter((child) => child.exitCode === null && child.signalCode === null).map((child) => once(child, 'exit')));
}
afterAll(killStrayProcesses);

function killWhenTestEnds(child: ChildProcess): void {
  try {
    onTestFinished(async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    });
  } catch {
    // Started outside a test (in beforeAll): afterAll kills it.
  }
}
const killAll = () => {
  for (const child of running) child.kill('SIGKILL');
};
process.on('exit', killAll);
// A test run stopped from outside (Ctrl-C, a CI timeout) ends this process by a signal, which skips 'exit'.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
  });
}

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
export function startNodeProcess(script: string, env: Record<string, string | undefined>, ready: string): Promise<NodeProcess> {
  return startProcess(process.execPath, ['--import', 'tsx', script], { env: { PATH: process.env.PATH, LOG_LEVEL: 'info', ...env } }, ready);
}

/**
 * Starts any program with exactly this environment (and folder), and waits until its output
 * shows `ready`. It is stopped when the test (or the file, if started in beforeAll) ends.
 */
export async function startProcess(command: string, args: string[], options: { env: Record<string, string | undefined>; cwd?: string }, ready: string): Promise<NodeProcess> {
  const script = [command, ...args].join(' ');
  const child = spawn(command, args, {
    env: options.env,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.on('exit', () => running.delete(child));
  killWhenTestEnds(child);
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = once(child, 'exit').then(([code]) => code as number | null);

  // Generous: under a full parallel suite on 2 cores, tsx compiling the app can take a while; a process that is up answers at once.
  const deadline = Date.now() + 60_000;
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
