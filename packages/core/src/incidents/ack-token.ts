import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * Signed, short-lived tokens carried in a push notification so its Acknowledge action can
 * acknowledge one incident for one user without a session (service workers cannot rely on
 * cookies being present). The key is derived from the encryption key, so no extra secret
 * has to be configured; rotating the encryption key invalidates outstanding tokens.
 */
export interface AckTokenSigner {
  create(incidentId: string, userId: string, now: Date): string;
  verify(token: string, now: Date): { incidentId: string; userId: string } | null;
}

const TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createAckTokenSigner(encryptionKey: Buffer): AckTokenSigner {
  const key = Buffer.from(
    hkdfSync('sha256', encryptionKey, Buffer.alloc(0), 'pagefree ack token v1', 32),
  );
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

  return {
    create(incidentId, userId, now) {
      const payload = Buffer.from(
        `${incidentId}.${userId}.${now.getTime() + TOKEN_TTL_MS}`,
      ).toString('base64url');
      return `${payload}.${sign(payload)}`;
    },
    verify(token, now) {
      const parts = token.split('.');
      if (parts.length !== 2) return null;
      const [payload, signature] = parts as [string, string];
      const expected = Buffer.from(sign(payload));
      const provided = Buffer.from(signature);
      if (expected.length !== provided.length || !timingSafeEqual(expected, provided)) return null;
      const fields = Buffer.from(payload, 'base64url').toString('utf8').split('.');
      if (fields.length !== 3) return null;
      const [incidentId, userId, expiresAt] = fields as [string, string, string];
      if (!UUID.test(incidentId) || !UUID.test(userId) || !/^\d+$/.test(expiresAt)) return null;
      if (Number(expiresAt) < now.getTime()) return null;
      return { incidentId, userId };
    },
  };
}
