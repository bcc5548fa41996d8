import dns from 'node:dns/promises';
import net from 'node:net';

/**
 * Addresses a channel URL may not point at (SSRF): loopback, private, link-local, carrier-grade
 * NAT, unspecified and multicast ranges, in IPv4 and IPv6 (including IPv4-mapped IPv6).
 */
const BLOCKED = new net.BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv6');
}

export function isBlockedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return BLOCKED.check(mapped, 'ipv4');
  const family = net.isIPv4(address) ? 'ipv4' : net.isIPv6(address) ? 'ipv6' : null;
  return family ? BLOCKED.check(address, family) : false;
}

export class UnsafeUrlError extends Error {
  override name = 'UnsafeUrlError';
}

/**
 * Refuses http(s) URLs whose host is, or resolves to, a blocked address, unless the host (or
 * host:port) is in the allow-list (CHANNEL_ALLOW_HOSTS).
 */
export async function assertSafeUrl(raw: string, allowHosts: readonly string[]): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUrlError(`"${raw}" is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UnsafeUrlError('Only http and https URLs are allowed.');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (allowHosts.includes(host) || allowHosts.includes(url.host)) return url;
  const addresses = net.isIP(host) ? [host] : (await dns.lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
  if (addresses.length === 0) throw new UnsafeUrlError(`${host} does not resolve.`);
  const blocked = addresses.find(isBlockedAddress);
  if (blocked) throw new UnsafeUrlError(`${host} points at a private or loopback address (${blocked}); allow it in CHANNEL_ALLOW_HOSTS if that is intended.`);
  return url;
}
