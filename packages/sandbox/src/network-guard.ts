import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Class of an address for a runbook's requests:
 * - `public`: global unicast, always allowed for an allowlisted host;
 * - `private`: loopback, RFC 1918, unique-local and carrier-grade NAT, allowed only for hosts
 *   a platform admin approved for private network access;
 * - `forbidden`: never contacted (link-local, cloud metadata, unspecified, multicast,
 *   broadcast, reserved and translation ranges that can embed a private IPv4 address, and
 *   IPv4-compatible IPv6 such as `::127.0.0.1`).
 */
export type AddressClass = 'public' | 'private' | 'forbidden';

const PRIVATE_RANGES = new Set(['loopback', 'private', 'uniqueLocal', 'carrierGradeNat']);

// Instance metadata endpoints outside the link-local range: AWS over IPv6 (a unique-local
// address) and Alibaba Cloud (in the carrier-grade NAT range). They hand out the host's cloud
// credentials, so no allowlist entry can reach them.
const METADATA_ADDRESSES = new Set(['fd00:ec2::254', '100.100.100.200']);

/** Thrown when a URL or address may not be contacted. The script receives the message as its fetch error. */
export class NetworkRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NetworkRefusedError';
  }
}

/**
 * Classifies an IP address, after unwrapping IPv4-mapped IPv6 (`::ffff:127.0.0.1`).
 *
 * The deprecated IPv4-compatible form (`::a.b.c.d`, first 96 bits zero, e.g. `::7f00:1`) is
 * forbidden whatever IPv4 address it embeds: some stacks deliver it to that address, and
 * ipaddr.js 2.5 unwraps only the dotted spelling, calling `::7f00:1` public unicast.
 */
export function classifyAddress(address: string): AddressClass {
  const canonical = isIP(address) === 6 ? canonicalIpv6(address) : address;
  if (isIpv4Compatible(ipaddr.parse(canonical))) return 'forbidden';
  const parsed = ipaddr.process(canonical);
  if (METADATA_ADDRESSES.has(parsed.toNormalizedString()) || METADATA_ADDRESSES.has(address)) {
    return 'forbidden';
  }
  const range = parsed.range();
  if (range === 'unicast') return 'public';
  return PRIVATE_RANGES.has(range) ? 'private' : 'forbidden';
}

/**
 * Returns the address in the hex form WHATWG URL serializes, without a zone index.
 * ipaddr.js 2.5 parses `::127.0.0.1` as the IPv4-mapped `::ffff:127.0.0.1`, but the
 * operating system connects to the IPv4-compatible `::7f00:1`. The hex form has one meaning.
 */
function canonicalIpv6(address: string): string {
  const bare = address.split('%')[0]!;
  return URL.parse(`http://[${bare}]/`)?.hostname.slice(1, -1) ?? bare;
}

/** True for ::a.b.c.d except `::` (unspecified) and `::1` (loopback), which keep their own class. */
function isIpv4Compatible(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  if (address.kind() !== 'ipv6') return false;
  const parts = (address as ipaddr.IPv6).parts;
  return parts.slice(0, 6).every((part) => part === 0) && (parts[6] !== 0 || parts[7]! > 1);
}

/** Throws unless the address may be contacted under `allowPrivate`. */
export function assertAddressAllowed(host: string, address: string, allowPrivate: boolean): void {
  const kind = classifyAddress(address);
  if (kind === 'public' || (kind === 'private' && allowPrivate)) return;
  const reason =
    kind === 'private'
      ? 'is a private or loopback address; a platform admin must approve this host for private network access'
      : 'is in a range runbooks may never contact (link-local, cloud metadata, multicast, IPv4-compatible IPv6 or reserved)';
  throw new NetworkRefusedError(`Host ${host} resolved to ${address}, which ${reason}.`);
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * Returns a `lookup` function for `https.request` that resolves the name and checks every
 * address before the socket connects to one of them. Because the check runs on the very
 * addresses the connection uses, a DNS answer that changes between a check and the connect
 * (DNS rebinding) cannot steer the request elsewhere.
 */
export function createGuardedLookup(allowPrivate: boolean) {
  return (
    hostname: string,
    options: { family?: number; all?: boolean },
    callback: LookupCallback,
  ) => {
    resolveChecked(hostname, options.family ?? 0, allowPrivate).then(
      (addresses) => {
        if (options.all) {
          callback(null, addresses);
          return;
        }
        const first = addresses[0]!;
        callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

async function resolveChecked(
  hostname: string,
  family: number,
  allowPrivate: boolean,
): Promise<LookupAddress[]> {
  if (isIP(hostname) !== 0) {
    assertAddressAllowed(hostname, hostname, allowPrivate);
    return [{ address: hostname, family: isIP(hostname) }];
  }
  const addresses = await lookup(hostname, { all: true, family: family as 0 | 4 | 6 });
  if (addresses.length === 0) {
    throw new NetworkRefusedError(`Host ${hostname} resolved to no addresses.`);
  }
  for (const { address } of addresses) {
    assertAddressAllowed(hostname, address, allowPrivate);
  }
  return addresses;
}
