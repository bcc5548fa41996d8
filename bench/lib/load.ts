import { spawn } from 'node:child_process';

export interface LoadResult {
  requestsPerSecond: number;
  /** Answers received in all, over `seconds`. */
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** autocannon in a process of its own, so the load generator does not share the server's event loop. */
export function autocannon(url: string, options: { connections: number; seconds: number }): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['node_modules/autocannon/autocannon.js', '--json', '-c', String(options.connections), '-d', String(options.seconds), url], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      const result = JSON.parse(out) as { requests: { average: number; total: number }; duration: number; latency: { p50: number; p99: number }; errors: number; non2xx: number };
      resolve({ requestsPerSecond: result.requests.average, requests: result.requests.total, seconds: result.duration, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx });
    });
  });
}

/** Latency percentiles (ms) of a list of timings. */
export function percentile(timings: number[], p: number): number {
  const sorted = [...timings].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
