/**
 * A burst client in a process of its own (so it does not share the server's event loop): reads
 * `{ url, bodies, connections }` as JSON on stdin, POSTs every body at once over at most
 * `connections` sockets, and prints `{ statuses, timings, seconds }` (timings in ms, per request,
 * from the moment all were fired to each answer).
 */
import { Agent, request } from 'undici';

interface BurstSpec {
  url: string;
  bodies: unknown[];
  connections: number;
}

async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const spec = JSON.parse(input) as BurstSpec;
  const dispatcher = new Agent({ connections: spec.connections, pipelining: 1 });
  const payloads = spec.bodies.map((body) => JSON.stringify(body));
  // Open the sockets first, so the burst measures answers rather than TCP handshakes.
  await Promise.all(Array.from({ length: spec.connections }, () => request(new URL('/healthz', spec.url), { dispatcher }).then((r) => r.body.dump())));
  const began = performance.now();
  const timings: number[] = new Array(payloads.length);
  const statuses: number[] = new Array(payloads.length);
  await Promise.all(
    payloads.map(async (body, i) => {
      const res = await request(spec.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, dispatcher });
      await res.body.dump();
      statuses[i] = res.statusCode;
      timings[i] = performance.now() - began;
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  await dispatcher.close();
  process.stdout.write(JSON.stringify({ statuses, timings, seconds }));
}

void main();
