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
 *   broadcast, reserved and translation ranges that can embed a private IPv4 address).
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

/** Classifies an IP address, after unwrapping IPv4-mapped IPv6 (`::ffff:127.0.0.1`). */
export function classifyAddress(address: string): AddressClass {
  const parsed = ipaddr.process(address);
  if (METADATA_ADDRESSES.has(parsed.toNormalizedString()) || METADATA_ADDRESSES.has(address)) {
    return 'forbidden';
  }
  const range = parsed.range();
  if (range === 'unicast') return 'public';
  return PRIVATE_RANGES.has(range) ? 'private' : 'forbidden';
}

/** Throws unless the address may be contacted under `allowPrivate`. */
export function assertAddressAllowed(host: string, address: string, allowPrivate: boolean): void {
  const kind = classifyAddress(address);
  if (kind === 'public' || (kind === 'private' && allowPrivate)) return;
  const reason =
    kind === 'private'
      ? 'is a private or loopback address; a platform admin must approve this host for private network access'
      : 'is in a range runbooks may never contact (link-local, cloud metadata, multicast or reserved)';
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
