import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A reverse proxy as nginx is set up in front of the service: it forwards every request to
 * `target` and appends the address that connected to it to X-Forwarded-For (keeping what the
 * client sent before it, as `$proxy_add_x_forwarded_for` does), with X-Forwarded-Proto.
 */
export async function startForwardingProxy(target: { host: string; port: number }) {
  const server = http.createServer((incoming, answer) => {
    const before = incoming.headers['x-forwarded-for'];
    const forwardedFor = [before, incoming.socket.remoteAddress].filter(Boolean).join(', ');
    const outgoing = http.request(
      { host: target.host, port: target.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, 'x-forwarded-for': forwardedFor, 'x-forwarded-proto': 'https' } },
      (reply) => {
        answer.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(answer);
      },
    );
    outgoing.on('error', () => answer.writeHead(502).end());
    incoming.pipe(outgoing);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A JSON POST from a given local address (127.0.0.0/8 is all loopback on Linux), as a client on another machine. */
export function postFrom(localAddress: string, port: number, path: string, body: object, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const payload = JSON.stringify(body);
    const request = http.request({ host: '127.0.0.1', port, path, method: 'POST', localAddress, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } }, (reply) => {
      let text = '';
      reply.setEncoding('utf8');
      reply.on('data', (chunk: string) => (text += chunk));
      reply.on('end', () => resolve({ status: reply.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
    request.end(payload);
  });
}
