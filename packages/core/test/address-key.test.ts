import { describe, expect, it } from 'vitest';
import { rateLimitKey } from '../src/rate-limits/address-key.ts';

describe('rate limit key', () => {
  it.each([
    ['IPv4 address', '203.0.113.7', '203.0.113.7'],
    ['user id', '0b9f1c3e-8f0a-4c1e-9d7b-2f3a4b5c6d7e', '0b9f1c3e-8f0a-4c1e-9d7b-2f3a4b5c6d7e'],
    ['IPv6 address', '2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['other host of that /64', '2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['upper-case spelling', '2001:DB8:1:2::1', '2001:db8:1:2::/64'],
    ['zeros written out', '2001:0db8:0001:0002:0:0:0:1', '2001:db8:1:2::/64'],
    ['IPv4-mapped address', '::ffff:203.0.113.7', '203.0.113.7'],
    ['loopback', '::1', '0:0:0:0::/64'],
  ])('%s', (_case, key, expected) => {
    expect(rateLimitKey(key)).toBe(expected);
  });

  it('another /64 counts apart', () => {
    expect(rateLimitKey('2001:db8:1:3::1')).not.toBe(rateLimitKey('2001:db8:1:2::1'));
  });
});
