import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Generates a bearer token: a readable prefix naming its kind (`pfs` session, `pfk` API
 * key, `pfi` integration key) and 32 random bytes. Only its SHA-256 is ever stored.
 */
export function generateToken(prefix: string, bytes = 32): string {
  return `${prefix}_${randomBytes(bytes).toString('base64url')}`;
}

/** SHA-256 of a token in hex, the only form in which tokens are stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares two strings in time that depends only on their length. */
export function constantTimeEqual(left: string, right: string): boolean {
  const a = Buffer.from(left, 'utf8');
  const b = Buffer.from(right, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
