import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { Agent } from 'undici';
import { blockedRange, UnsafeUrlError } from './url-safety.js';

type Resolve = typeof dns.lookup;

/**
 * The lookup a receiver's connection uses: it resolves the host once, refuses if any address is
 * not public (unless the host is allow-listed), and hands exactly those checked addresses to the
 * socket. Checking one resolution and connecting with another would let a name that answers a
 * public address first and 127.0.0.1 next (DNS rebinding) reach inside; here there is only one.
 * `resolve` is dns.lookup, or a stand-in resolver in tests.
 */
export function checkedLookup(allowHosts: readonly string[], resolve: Resolve = dns.lookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, answers) => {
      if (error) return callback(error, '', 0);
      const addresses = answers;
      if (!allowHosts.includes(hostname)) {
        const refused = addresses.find((a) => blockedRange(a.address));
        if (refused) return callback(new UnsafeUrlError(`${hostname} now points at an address that is not public (${refused.address}: ${blockedRange(refused.address)}).`), '', 0);
      }
      if (addresses.length === 0) return callback(new UnsafeUrlError(`${hostname} does not resolve.`), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

const dispatchers = new Map<string, Agent>();

/**
 * One connection pool per allow-list (and resolver), whose every connection goes through
 * checkedLookup. undici is loaded with the first call to a receiver, not at start-up.
 */
export async function checkedDispatcher(allowHosts: readonly string[], resolve?: Resolve): Promise<Agent> {
  const { Agent } = await import('undici');
  if (resolve) return new Agent({ connect: { lookup: checkedLookup(allowHosts, resolve) } });
  const key = allowHosts.join(',');
  let agent = dispatchers.get(key);
  if (!agent) dispatchers.set(key, (agent = new Agent({ connect: { lookup: checkedLookup(allowHosts) } })));
  return agent;
}
