import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/** Starts the discarding SMTP sink in its own process. */
export async function startSinkProcess(): Promise<{ url: string; received(): Promise<number>; recipients(): Promise<number>; stop(): void }> {
  const child = fork('bench/lib/smtp-sink-process.ts', { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /port (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
  });
  const counts = () =>
    new Promise<{ received: number; recipients: number }>((resolve) => {
      child.once('message', (c) => resolve(c as { received: number; recipients: number }));
      child.send('count');
    });
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => counts().then((c) => c.received),
    recipients: () => counts().then((c) => c.recipients),
    stop: () => child.kill(),
  };
}

export interface WorkerHandle {
  child: ChildProcess;
  /** Peak resident set size so far (VmHWM), in MB. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerHandle> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'jobs/worker.ts'], { env: { PATH: process.env.PATH, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => {
    let seen = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (seen.includes('worker started')) return; // keep draining, stop looking
      seen += chunk.toString();
      if (seen.includes('worker started')) resolve();
    });
  });
  return {
    child,
    peakRssMb() {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Waits (up to `timeoutMs`) for the sink to have received `count` mails; returns how many it has. */
export async function waitForMail(sink: { received(): Promise<number> }, count: number, timeoutMs = 90_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let received = await sink.received();
  while (received < count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    received = await sink.received();
  }
  return received;
}
