import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

export type AllowedProtocol = 'https:' | 'http:';

export interface PublicUrlOptions {
  /** Skips the address check, for development and for tests that run peers on loopback. */
  allowPrivateNetworkTargets: boolean;
  protocols: AllowedProtocol[];
}

/**
 * Thrown when an outbound URL is not allowed. The message names only the host, never the
 * full URL, because webhook and push URLs often carry secrets in their path.
 */
export class BlockedTargetError extends Error {
  readonly host: string;
  readonly reason: string;

  constructor(host: string, reason: string) {
    super(`Target host ${host || '(none)'} is blocked: ${reason}.`);
    this.name = 'BlockedTargetError';
    this.host = host;
    this.reason = reason;
  }
}

/**
 * Checks that a user-supplied URL may be contacted: allowed protocol, no credentials, and
 * every address its host resolves to is public unicast. Resolves the name but never
 * connects to it.
 *
 * NOTE: the caller connects later and resolves the name again, so a DNS server that
 * answers differently the second time (DNS rebinding) can still steer the request to a
 * private address. Closing that gap needs the HTTP client to connect to the checked address.
 */
export async function assertPublicUrl(url: string, options: PublicUrlOptions): Promise<void> {
  const parsed = URL.parse(url);
  if (!parsed) {
    throw new BlockedTargetError('', 'the URL is invalid');
  }

  const host = parsed.hostname;
  if (!(options.protocols as string[]).includes(parsed.protocol)) {
    throw new BlockedTargetError(
      host,
      `protocol ${parsed.protocol} is not allowed (use ${options.protocols.join(' or ')})`,
    );
  }
  if (parsed.username || parsed.password) {
    throw new BlockedTargetError(host, 'the URL must not contain credentials');
  }
  if (!host) {
    throw new BlockedTargetError(host, 'the URL has no host');
  }
  if (options.allowPrivateNetworkTargets) {
    return;
  }

  const addresses = await resolveHost(host);
  if (addresses.length === 0) {
    throw new BlockedTargetError(host, 'the host resolved to no addresses');
  }
  for (const address of addresses) {
    const range = addressRange(address);
    if (range !== 'unicast') {
      throw new BlockedTargetError(host, `${address} is a ${range} address, not a public one`);
    }
  }
}

/** Returns a literal IP as it is and resolves a name with the system resolver. */
async function resolveHost(host: string): Promise<string[]> {
  // WHATWG URL keeps the brackets around an IPv6 literal in `hostname`.
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (ipaddr.isValid(bare)) {
    return [bare];
  }
  const results = await lookup(bare, { all: true });
  return results.map((result) => result.address);
}

/**
 * Returns the ipaddr.js range name of an address, after unwrapping IPv4-mapped IPv6 so
 * that `::ffff:127.0.0.1` counts as loopback. Only 'unicast' is public.
 */
function addressRange(address: string): string {
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  // The deprecated IPv4-compatible form ::a.b.c.d (first 96 bits zero) is 'unicast' to
  // ipaddr.js but can reach the embedded IPv4 address on some stacks; treat it as reserved.
  if (
    range === 'unicast' &&
    parsed.kind() === 'ipv6' &&
    (parsed as ipaddr.IPv6).parts.slice(0, 6).every((part) => part === 0)
  ) {
    return 'ipv4Compatible';
  }
  return range;
}
