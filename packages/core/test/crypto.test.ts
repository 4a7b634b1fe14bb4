import { createHash, randomBytes } from 'node:crypto';
import type { EncryptionKey } from '@pagefree/config';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../src/crypto/password.ts';
import {
  decryptSecret,
  type EncryptedValue,
  type EncryptionKeys,
  encryptSecret,
} from '../src/crypto/secret-box.ts';
import { constantTimeEqual, generateToken, hashToken } from '../src/crypto/tokens.ts';
import { createAckTokenSigner } from '../src/incidents/ack-token.ts';

function newKey(id: string): EncryptionKey {
  return { id, key: randomBytes(32) };
}

const CONTEXT = 'integration-secret:7f0c2a52-5f2e-4f0b-9d0a-2b3c4d5e6f70';

describe('secret box', () => {
  it('round trip returns plaintext', () => {
    const keys: EncryptionKeys = { current: newKey('k1'), previous: [] };

    const value = encryptSecret(keys, 'whsec_signing-secret', CONTEXT);

    expect(decryptSecret(keys, value, CONTEXT)).toBe('whsec_signing-secret');
  });

  it('ciphertext tagged with current key id', () => {
    const keys: EncryptionKeys = { current: newKey('k7'), previous: [newKey('k6')] };

    const value = encryptSecret(keys, 'secret', CONTEXT);

    expect(value.keyId).toBe('k7');
  });

  it('ciphertext omits plaintext', () => {
    const keys: EncryptionKeys = { current: newKey('k1'), previous: [] };

    const value = encryptSecret(keys, 'whsec_signing-secret', CONTEXT);

    expect(Buffer.from(value.ciphertext, 'base64url').toString('latin1')).not.toContain(
      'whsec_signing-secret',
    );
  });

  it('previous key still decrypts', () => {
    const oldKey = newKey('k1');
    const before: EncryptionKeys = { current: oldKey, previous: [] };
    const value = encryptSecret(before, 'secret before rotation', CONTEXT);

    const after: EncryptionKeys = { current: newKey('k2'), previous: [oldKey] };

    expect(decryptSecret(after, value, CONTEXT)).toBe('secret before rotation');
  });

  it('different context fails', () => {
    const keys: EncryptionKeys = { current: newKey('k1'), previous: [] };
    const value = encryptSecret(keys, 'secret', CONTEXT);

    expect(() => decryptSecret(keys, value, 'integration-secret:another-row')).toThrow();
  });

  it('tampered ciphertext fails', () => {
    const keys: EncryptionKeys = { current: newKey('k1'), previous: [] };
    const value = encryptSecret(keys, 'secret', CONTEXT);
    const packed = Buffer.from(value.ciphertext, 'base64url');
    packed[packed.length - 1]! ^= 0x01;
    const tampered: EncryptedValue = { ...value, ciphertext: packed.toString('base64url') };

    expect(() => decryptSecret(keys, tampered, CONTEXT)).toThrow();
  });

  it('wrong key under same id fails', () => {
    const value = encryptSecret({ current: newKey('k1'), previous: [] }, 'secret', CONTEXT);

    expect(() => decryptSecret({ current: newKey('k1'), previous: [] }, value, CONTEXT)).toThrow();
  });

  it('unknown key id names ENCRYPTION_PREVIOUS_KEYS', () => {
    const value = encryptSecret({ current: newKey('k1'), previous: [] }, 'secret', CONTEXT);
    const keys: EncryptionKeys = { current: newKey('k2'), previous: [] };

    expect(() => decryptSecret(keys, value, CONTEXT)).toThrow(/"k1".*ENCRYPTION_PREVIOUS_KEYS/);
  });

  it('same plaintext encrypts differently', () => {
    const keys: EncryptionKeys = { current: newKey('k1'), previous: [] };

    const first = encryptSecret(keys, 'secret', CONTEXT);
    const second = encryptSecret(keys, 'secret', CONTEXT);

    expect(first.ciphertext).not.toBe(second.ciphertext);
  });
});

describe('password hashing', () => {
  it('correct password verifies', async () => {
    const stored = await hashPassword('correct horse battery staple');

    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
  });

  it('wrong password rejected', async () => {
    const stored = await hashPassword('correct horse battery staple');

    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
  });

  it('hash omits password', async () => {
    const stored = await hashPassword('correct horse battery staple');

    expect(stored).not.toContain('correct horse battery staple');
  });

  it('hash records scheme and parameters', async () => {
    const stored = await hashPassword('correct horse battery staple');

    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
  });

  it('same password hashes differently', async () => {
    const first = await hashPassword('correct horse battery staple');
    const second = await hashPassword('correct horse battery staple');

    expect(first).not.toBe(second);
  });

  it('unicode normalization applied', async () => {
    // "é" as one code point and as "e" plus a combining accent are the same NFKC string.
    const stored = await hashPassword('caf\u00e9');

    expect(await verifyPassword('cafe\u0301', stored)).toBe(true);
  });

  it.each([
    ['empty string', ''],
    ['plain text', 'correct horse battery staple'],
    ['other scheme', 'bcrypt$32768$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo'],
    ['missing hash', 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0'],
    ['non-numeric cost', 'scrypt$abc$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo'],
    ['cost not power of two', 'scrypt$3$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo'],
    ['cost over memory limit', 'scrypt$1073741824$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo'],
  ])('malformed stored hash (%s) rejected', async (_case, stored) => {
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(false);
  });
});

describe('tokens', () => {
  it('token starts with prefix', () => {
    expect(generateToken('pfs')).toMatch(/^pfs_/);
  });

  it('default token carries 32 bytes', () => {
    const token = generateToken('pfk');

    expect(Buffer.from(token.slice('pfk_'.length), 'base64url')).toHaveLength(32);
  });

  it('default token length', () => {
    // 32 bytes are 43 base64url characters without padding.
    expect(generateToken('pfi')).toHaveLength('pfi_'.length + 43);
  });

  it('custom byte count', () => {
    const token = generateToken('pfs', 16);

    expect(Buffer.from(token.slice('pfs_'.length), 'base64url')).toHaveLength(16);
  });

  it('tokens are unique', () => {
    expect(generateToken('pfs')).not.toBe(generateToken('pfs'));
  });

  it('hash is 64 hex digits', () => {
    expect(hashToken(generateToken('pfs'))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hash is SHA-256 of token', () => {
    const token = generateToken('pfs');

    expect(hashToken(token)).toBe(createHash('sha256').update(token).digest('hex'));
  });

  it.each([
    ['equal strings', 'pfs_abc', 'pfs_abc', true],
    ['same length, different', 'pfs_abc', 'pfs_abd', false],
    ['different length', 'pfs_abc', 'pfs_abcd', false],
    ['empty and non-empty', '', 'pfs_abc', false],
    ['both empty', '', '', true],
  ])('constantTimeEqual %s', (_case, left, right, expected) => {
    expect(constantTimeEqual(left, right)).toBe(expected);
  });
});

describe('ack token', () => {
  const INCIDENT_ID = '0b6f3d6e-4a59-4c3b-8d1e-8f7c2a9b1c01';
  const USER_ID = '5d2e8a7f-1c3b-4e6d-9a0f-3b4c5d6e7f80';
  const ISSUED_AT = new Date('2026-03-01T12:00:00Z');
  const DAY_MS = 24 * 60 * 60 * 1000;

  it('created token verifies to ids', () => {
    const signer = createAckTokenSigner(randomBytes(32));

    const token = signer.create(INCIDENT_ID, USER_ID, ISSUED_AT);

    expect(signer.verify(token, ISSUED_AT)).toEqual({ incidentId: INCIDENT_ID, userId: USER_ID });
  });

  it('token with extra segments is rejected', () => {
    const signer = createAckTokenSigner(randomBytes(32));
    const token = signer.create(INCIDENT_ID, USER_ID, ISSUED_AT);

    expect(signer.verify(`${token}.anything.else`, ISSUED_AT)).toBeNull();
  });

  it('signed token naming a non-UUID incident is rejected', () => {
    const signer = createAckTokenSigner(randomBytes(32));
    const token = signer.create('not-a-uuid', USER_ID, ISSUED_AT);

    expect(signer.verify(token, ISSUED_AT)).toBeNull();
  });

  it('valid at 24 hours', () => {
    const signer = createAckTokenSigner(randomBytes(32));
    const token = signer.create(INCIDENT_ID, USER_ID, ISSUED_AT);

    expect(signer.verify(token, new Date(ISSUED_AT.getTime() + DAY_MS))).not.toBeNull();
  });

  it('expired after 24 hours', () => {
    const signer = createAckTokenSigner(randomBytes(32));
    const token = signer.create(INCIDENT_ID, USER_ID, ISSUED_AT);

    expect(signer.verify(token, new Date(ISSUED_AT.getTime() + DAY_MS + 1))).toBeNull();
  });

  it('other key rejects token', () => {
    const token = createAckTokenSigner(randomBytes(32)).create(INCIDENT_ID, USER_ID, ISSUED_AT);

    expect(createAckTokenSigner(randomBytes(32)).verify(token, ISSUED_AT)).toBeNull();
  });

  it('tampered payload rejected', () => {
    const signer = createAckTokenSigner(randomBytes(32));
    const token = signer.create(INCIDENT_ID, USER_ID, ISSUED_AT);
    const [payload, signature] = token.split('.') as [string, string];
    const [, userId, expiresAt] = Buffer.from(payload, 'base64url').toString('utf8').split('.');
    const otherIncident = Buffer.from(
      `9c8b7a6f-5e4d-4c3b-8a29-1f0e9d8c7b6a.${userId}.${expiresAt}`,
    ).toString('base64url');

    expect(signer.verify(`${otherIncident}.${signature}`, ISSUED_AT)).toBeNull();
  });

  it('extended expiry rejected', () => {
    const signer = createAckTokenSigner(randomBytes(32));
    const token = signer.create(INCIDENT_ID, USER_ID, ISSUED_AT);
    const [, signature] = token.split('.') as [string, string];
    const extended = Buffer.from(`${INCIDENT_ID}.${USER_ID}.${Number.MAX_SAFE_INTEGER}`).toString(
      'base64url',
    );

    expect(signer.verify(`${extended}.${signature}`, ISSUED_AT)).toBeNull();
  });

  it.each([
    ['empty string', ''],
    ['no signature', 'cGF5bG9hZA'],
    ['garbage', 'not.a.token'],
  ])('malformed token (%s) rejected', (_case, token) => {
    const signer = createAckTokenSigner(randomBytes(32));

    expect(signer.verify(token, ISSUED_AT)).toBeNull();
  });
});
