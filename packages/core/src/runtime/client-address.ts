import { BlockList, isIP } from 'node:net';

/** Function from a connection's address and X-Forwarded-For header to the client's address. */
export type ClientAddressResolver = (
  remoteAddress: string | null,
  forwardedFor: string | undefined,
) => string | null;

/**
 * Creates the resolver for TRUSTED_PROXIES (addresses and CIDR ranges). A connection from a
 * trusted proxy is attributed to the rightmost X-Forwarded-For entry that is not itself a
 * trusted proxy: entries further left were written by the client and prove nothing. Any
 * other connection is attributed to its own address and the header is ignored.
 */
export function createClientAddressResolver(
  trustedProxies: readonly string[],
): ClientAddressResolver {
  if (trustedProxies.length === 0) return (remoteAddress) => remoteAddress;
  const trusted = new BlockList();
  for (const entry of trustedProxies) {
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) trusted.addAddress(address, family);
    else trusted.addSubnet(address, Number(prefix), family);
  }
  const isTrusted = (address: string) => {
    const plain = unmapIpv4(address);
    const family = isIP(plain);
    return family !== 0 && trusted.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  };

  return (remoteAddress, forwardedFor) => {
    if (remoteAddress === null || !isTrusted(remoteAddress) || !forwardedFor) return remoteAddress;
    const hops = forwardedFor
      .split(',')
      .map((hop) => hop.trim())
      .filter((hop) => hop.length > 0);
    for (let index = hops.length - 1; index >= 0; index -= 1) {
      const hop = withoutPort(hops[index]!);
      if (isIP(unmapIpv4(hop)) === 0) return remoteAddress;
      if (!isTrusted(hop)) return unmapIpv4(hop);
    }
    return remoteAddress;
  };
}

/**
 * Strips the port and brackets some load balancers write: `192.0.2.1:4444`,
 * `[2001:db8::1]` and `[2001:db8::1]:4444`.
 */
function withoutPort(hop: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed) return bracketed[1]!;
  const ipv4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(hop);
  return ipv4WithPort ? ipv4WithPort[1]! : hop;
}

/** Turns `::ffff:192.0.2.1`, as dual-stack sockets report IPv4 clients, into `192.0.2.1`. */
function unmapIpv4(address: string): string {
  const match = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return match ? match[1]! : address;
}
