/**
 * A load client in a process of its own for requests that must all differ (so no cache can answer
 * them): reads `{ urls, connections, seconds }` as JSON on stdin, keeps `connections` requests in
 * flight for `seconds`, each taking the next URL of the list (round robin), and prints
 * `{ requests, seconds, p50, p99, non2xx }` (latencies in ms).
 */
import { Agent, request } from 'undici';

interface LoadSpec {
  urls: string[];
  connections: number;
  seconds: number;
}

async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const spec = JSON.parse(input) as LoadSpec;
  const dispatcher = new Agent({ connections: spec.connections, pipelining: 1 });
  const timings: number[] = [];
  let next = 0;
  let non2xx = 0;
  const began = performance.now();
  const until = began + spec.seconds * 1000;
  async function worker(): Promise<void> {
    while (performance.now() < until) {
      const url = spec.urls[next++ % spec.urls.length]!;
      const sent = performance.now();
      const res = await request(url, { dispatcher });
      await res.body.dump();
      if (res.statusCode >= 300) non2xx += 1;
      timings.push(performance.now() - sent);
    }
  }
  await Promise.all(Array.from({ length: spec.connections }, worker));
  const seconds = (performance.now() - began) / 1000;
  await dispatcher.close();
  const sorted = timings.sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  process.stdout.write(JSON.stringify({ requests: timings.length, seconds, p50: at(50), p99: at(99), non2xx }));
}

void main();
