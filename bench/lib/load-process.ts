/**
 * A load client in a process of its own for requests that must all differ (so no cache can answer
 * them): reads `{ urls, connections, seconds }` as JSON on stdin, keeps `connections` requests in
 * flight for `seconds`, each taking the next URL of the list (round robin), and prints
 * `{ requests, seconds, p50, p99, non2xx }` (latencies in ms). With `count`, it stops after that
 * many requests instead; with `probe`, one more connection asks that URL over and over while the
 * others run, and its own p50/p99 are printed as `probeP50`/`probeP99` (a health check under load).
 */
import { Agent, request } from 'undici';

interface LoadSpec {
  urls: string[];
  connections: number;
  seconds: number;
  count?: number;
  probe?: string;
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
  const more = () => (spec.count !== undefined ? next < spec.count : performance.now() < until);
  let running = spec.connections;
  async function worker(): Promise<void> {
    while (more()) {
      const url = spec.urls[next++ % spec.urls.length]!;
      const sent = performance.now();
      const res = await request(url, { dispatcher });
      await res.body.dump();
      if (res.statusCode >= 300) non2xx += 1;
      timings.push(performance.now() - sent);
    }
  }
  const probeTimings: number[] = [];
  async function probe(url: string): Promise<void> {
    const own = new Agent({ connections: 1 });
    while (running > 0) {
      const sent = performance.now();
      const res = await request(url, { dispatcher: own });
      await res.body.dump();
      probeTimings.push(performance.now() - sent);
    }
    await own.close();
  }
  const probing = spec.probe ? probe(spec.probe) : Promise.resolve();
  await Promise.all(Array.from({ length: spec.connections }, () => worker().finally(() => (running -= 1))));
  await probing;
  const seconds = (performance.now() - began) / 1000;
  await dispatcher.close();
  const at = (list: number[], p: number) => {
    const sorted = [...list].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  };
  const probed = spec.probe ? { probeRequests: probeTimings.length, probeP50: at(probeTimings, 50), probeP99: at(probeTimings, 99) } : {};
  process.stdout.write(JSON.stringify({ requests: timings.length, seconds, p50: at(timings, 50), p99: at(timings, 99), non2xx, ...probed }));
}

void main();
