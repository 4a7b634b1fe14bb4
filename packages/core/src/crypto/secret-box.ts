import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptionKey } from '@pagefree/config';

export interface EncryptionKeys {
  current: EncryptionKey;
  previous: EncryptionKey[];
}

export interface EncryptedValue {
  ciphertext: string;
  keyId: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts a secret with AES-256-GCM under the current key. `context` is bound as
 * additional authenticated data (e.g. `integration-secret:<id>`), so a ciphertext copied to
 * another row fails to decrypt instead of yielding another record's secret.
 */
export function encryptSecret(
  keys: EncryptionKeys,
  plaintext: string,
  context: string,
): EncryptedValue {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keys.current.key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return {
    ciphertext: Buffer.concat([iv, tag, body]).toString('base64url'),
    keyId: keys.current.id,
  };
}

/** Decrypts a value written by `encryptSecret` with the current or a previous key. */
export function decryptSecret(
  keys: EncryptionKeys,
  value: EncryptedValue,
  context: string,
): string {
  const key = [keys.current, ...keys.previous].find((candidate) => candidate.id === value.keyId);
  if (!key) {
    throw new Error(
      `Encryption key "${value.keyId}" is not configured; add it to ENCRYPTION_PREVIOUS_KEYS`,
    );
  }
  const packed = Buffer.from(value.ciphertext, 'base64url');
  const iv = packed.subarray(0, IV_BYTES);
  const tag = packed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const body = packed.subarray(IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key.key, iv);
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}
