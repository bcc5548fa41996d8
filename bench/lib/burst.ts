import { spawn } from 'node:child_process';

export interface BurstResult {
  statuses: number[];
  /** Per request, ms from the moment the burst was fired to its answer. */
  timings: number[];
  seconds: number;
}

/** Fires every body at `url` at once from a client process of its own (bench/lib/burst-process.ts). */
export function burst(url: string, bodies: unknown[], connections: number): Promise<BurstResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/burst-process.ts'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as BurstResult) : reject(new Error(`burst client exited with ${code}`))));
    child.stdin.end(JSON.stringify({ url, bodies, connections }));
  });
}

export interface LoadRun {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** With `probe`: the probe URL's own answers, asked one after another while the load ran. */
  probeRequests?: number;
  probeP50?: number;
  probeP99?: number;
}

/** Keeps `connections` GETs in flight for `seconds`, each to the next of `urls`, from a client process of its own (bench/lib/load-process.ts). */
export function loadDistinct(urls: string[], connections: number, seconds: number, extra: { count?: number; probe?: string } = {}): Promise<LoadRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/load-process.ts'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`load client exited with ${code}`));
      const run = JSON.parse(out) as Omit<LoadRun, 'requestsPerSecond'>;
      resolve({ ...run, requestsPerSecond: run.requests / run.seconds });
    });
    child.stdin.end(JSON.stringify({ urls, connections, seconds, ...extra }));
  });
}
