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
