import dns from 'node:dns/promises';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

/** Global unicast IPv6 (2000::/3); everything else in IPv6 is special-purpose or not routable. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/**
 * Why an address may not be a channel's target (SSRF), or null for a globally routable unicast
 * one. Classified by ipaddr.js's table of special-purpose ranges (IANA registries): loopback,
 * private, link-local, carrier-grade NAT, benchmarking, documentation, multicast, reserved, and
 * IPv6 that embeds IPv4 (IPv4-mapped and -compatible, NAT64, 6to4, Teredo), site-local, ….
 */
export function blockedRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) addresses are judged as the IPv4 they carry.
  const compatible = /^::(\d+\.\d+\.\d+\.\d+)$/.exec(address)?.[1];
  const parsed = compatible ? ipaddr.parse(compatible) : ipaddr.process(address);
  const range = parsed.range();
  if (range !== 'unicast') return range;
  if (parsed.kind() === 'ipv6' && !(parsed as ipaddr.IPv6).match(GLOBAL_UNICAST_V6)) return 'not global unicast';
  return null;
}

export function isBlockedAddress(address: string): boolean {
  return blockedRange(address) !== null;
}

export class UnsafeUrlError extends Error {
  override name = 'UnsafeUrlError';
}

/**
 * Refuses http(s) URLs whose host is, or resolves to, a blocked address, unless the host (or
 * host:port) is in the allow-list (CHANNEL_ALLOW_HOSTS).
 */
export async function assertSafeUrl(raw: string, allowHosts: readonly string[], resolve?: (host: string, options: { all: true }, callback: (error: Error | null, addresses: Array<{ address: string }>) => void) => void): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUrlError(`"${raw}" is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UnsafeUrlError('Only http and https URLs are allowed.');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (allowHosts.includes(host) || allowHosts.includes(url.host)) return url;
  const lookup = resolve ? (name: string) => new Promise<Array<{ address: string }>>((ok, fail) => resolve(name, { all: true }, (error, found) => (error ? fail(error) : ok(found)))) : (name: string) => dns.lookup(name, { all: true });
  const addresses = net.isIP(host) ? [host] : (await lookup(host).catch(() => [])).map((a) => a.address);
  if (addresses.length === 0) throw new UnsafeUrlError(`${host} does not resolve.`);
  for (const address of addresses) {
    const range = blockedRange(address);
    if (range) throw new UnsafeUrlError(`${host} points at an address that is not public (${address}: ${range}); allow it in CHANNEL_ALLOW_HOSTS if that is intended.`);
  }
  return url;
}
