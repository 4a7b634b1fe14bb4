import { isIP } from 'node:net';

/**
 * Returns the key a rate limit counts `key` under. An IPv6 address counts for its /64
 * network, because one subscriber usually gets a whole /64 and could otherwise step to a
 * fresh address per request. The key is canonical, so spellings of one network agree.
 * IPv4 addresses and keys that are not addresses (user ids, fingerprints) stay as they are.
 */
export function rateLimitKey(key: string): string {
  if (isIP(key) !== 6) return key;
  const groups = ipv6Groups(key);
  if (groups === null) return key;
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    // IPv4-mapped: the IPv4 client itself.
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** Parses an IPv6 address into its eight 16-bit groups (with WHATWG URL rules); null if invalid. */
function ipv6Groups(address: string): number[] | null {
  let canonical: string;
  try {
    canonical = new URL(`http://[${address.split('%')[0]}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
  const [head = '', tail] = canonical.split('::');
  const parse = (part: string) =>
    part ? part.split(':').map((group) => Number.parseInt(group, 16)) : [];
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const zeros = new Array(8 - left.length - right.length).fill(0);
  const groups = [...left, ...zeros, ...right];
  return groups.length === 8 ? groups : null;
}
