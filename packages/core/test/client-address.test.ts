import { describe, expect, it } from 'vitest';
import { createClientAddressResolver } from '../src/runtime/client-address.ts';

describe('client address', () => {
  const behindProxy = createClientAddressResolver(['10.0.0.0/8', '::1']);

  it.each([
    ['no trusted proxies', [], '10.0.0.5', '203.0.113.7', '10.0.0.5'],
    ['untrusted connection', ['10.0.0.0/8'], '198.51.100.9', '203.0.113.7', '198.51.100.9'],
    ['trusted proxy', ['10.0.0.0/8'], '10.0.0.5', '203.0.113.7', '203.0.113.7'],
    ['mapped IPv4 proxy', ['10.0.0.0/8'], '::ffff:10.0.0.5', '203.0.113.7', '203.0.113.7'],
    ['IPv6 proxy', ['::1'], '::1', '2001:db8::7', '2001:db8::7'],
  ])('%s', (_case, trusted, remote, forwarded, expected) => {
    expect(createClientAddressResolver(trusted)(remote, forwarded)).toBe(expected);
  });

  it('skips trusted hops from the right', () => {
    expect(behindProxy('10.0.0.5', '203.0.113.7, 10.1.1.1')).toBe('203.0.113.7');
  });

  it('ignores entries left of the first untrusted hop', () => {
    expect(behindProxy('10.0.0.5', '192.0.2.1, 203.0.113.7')).toBe('203.0.113.7');
  });

  it.each([
    ['IPv4 with a port', '203.0.113.7:4444', '203.0.113.7'],
    ['bracketed IPv6', '[2001:db8::7]', '2001:db8::7'],
    ['bracketed IPv6 with a port', '[2001:db8::7]:4444', '2001:db8::7'],
  ])('reads %s', (_case, forwarded, expected) => {
    expect(behindProxy('10.0.0.5', forwarded)).toBe(expected);
  });

  it('keeps the proxy address for a malformed hop', () => {
    expect(behindProxy('10.0.0.5', 'unknown')).toBe('10.0.0.5');
  });

  it('keeps the proxy address without the header', () => {
    expect(behindProxy('10.0.0.5', undefined)).toBe('10.0.0.5');
  });
});
