import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { scriptArgs } from './dist.js';

/** Starts the discarding SMTP sink in its own process. */
export async function startSinkProcess(): Promise<{ pid: number; url: string; received(): Promise<number>; recipients(): Promise<number>; stop(): void }> {
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
    pid: child.pid!,
    url: `smtp://127.0.0.1:${port}`,
    received: () => counts().then((c) => c.received),
    recipients: () => counts().then((c) => c.recipients),
    // A discarding sink has nothing to finish; SIGKILL ends it even when its parent exits at once after (tsx passes SIGTERM on to the parent).
    stop: () => child.kill('SIGKILL'),
  };
}

export interface WorkerHandle {
  child: ChildProcess;
  /** Peak resident set size so far (VmHWM), in MB. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

/** `npm run worker`'s process (compiled, as package.json starts it) with `env`, once it says it started. */
export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerHandle> {
  const child = spawn(process.execPath, scriptArgs('worker'), { env: { PATH: process.env.PATH, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
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
    peakRssMb: () => memoryMb(child.pid!).peak,
    stop: () => stopChild(child),
  };
}

/** CPU time (user + system) a process has used so far, in seconds; 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0;
  }
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
}

/** A process's resident set now (VmRSS) and at its peak so far (VmHWM), in MB. */
export function memoryMb(pid: number): { now: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export interface ApiHandle {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** `npm start`'s process (the compiled service, as package.json starts it) with `env`, once it answers /healthz. */
export async function startApiProcess(env: Record<string, string>, port: number): Promise<ApiHandle> {
  const child = spawn(process.execPath, scriptArgs('start'), { env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', HOST: '127.0.0.1', ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    if (await fetch(`${url}/healthz`).then((r) => r.status === 200, () => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { child, url, stop: () => stopChild(child) };
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
