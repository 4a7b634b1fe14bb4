import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { EncryptionKeys } from '../../crypto/secret-box.ts';

export type SubscriberTokenPurpose = 'confirm' | 'manage';

const PREFIX: Record<SubscriberTokenPurpose, string> = { confirm: 'pfc', manage: 'pfu' };

/**
 * Per-subscriber tokens for the double opt-in link (`confirm`) and the unsubscribe link
 * (`manage`). A token is the HMAC of the subscriber id and a random salt under a key derived
 * from the encryption key, so the worker can put the same link into every email while the
 * database stores only the token's SHA-256. The salt names the encryption key it was made
 * under, so rotating ENCRYPTION_KEY keeps existing links working as long as the old key is
 * listed in ENCRYPTION_PREVIOUS_KEYS; a new salt revokes every token of the subscriber.
 */
export interface SubscriberTokens {
  newSalt(): string;
  token(purpose: SubscriberTokenPurpose, subscriberId: string, salt: string): string;
}

export function createSubscriberTokens(keys: EncryptionKeys): SubscriberTokens {
  const derived = new Map<string, Buffer>();
  const keyFor = (keyId: string): Buffer => {
    const cached = derived.get(keyId);
    if (cached) return cached;
    const source = [keys.current, ...keys.previous].find((candidate) => candidate.id === keyId);
    if (!source) {
      throw new Error(
        `Encryption key "${keyId}" is not configured; add it to ENCRYPTION_PREVIOUS_KEYS`,
      );
    }
    const key = Buffer.from(
      hkdfSync('sha256', source.key, Buffer.alloc(0), 'pagefree status subscriber token v1', 32),
    );
    derived.set(keyId, key);
    return key;
  };

  return {
    newSalt() {
      return `${keys.current.id}.${randomBytes(16).toString('base64url')}`;
    },
    token(purpose, subscriberId, salt) {
      const keyId = salt.slice(0, salt.indexOf('.'));
      const mac = createHmac('sha256', keyFor(keyId))
        .update(`${purpose}.${subscriberId}.${salt}`)
        .digest('base64url');
      return `${PREFIX[purpose]}_${mac}`;
    },
  };
}
