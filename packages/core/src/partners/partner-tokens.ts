import { generateToken } from '../crypto/tokens.ts';

/**
 * Partner credentials: a readable prefix naming the kind, then 32 random bytes in base64url
 * (43 characters). The prefixes let secret scanners and the status site tell them apart:
 * - `pfpt_` access token for a partner's own tools, sent as `Authorization: Bearer`;
 * - `pfpl_` magic sign-in link token, single use, 15 minutes;
 * - `pfps_` partner session, held in an httpOnly cookie on the status site.
 * Only the SHA-256 hex of each is stored (`hashToken`).
 */
export const PARTNER_TOKEN_PREFIX = {
  token: 'pfpt',
  signInLink: 'pfpl',
  session: 'pfps',
} as const;

export const PARTNER_TOKEN_PATTERN = /^pfpt_[A-Za-z0-9_-]{43}$/;
export const SIGN_IN_LINK_PATTERN = /^pfpl_[A-Za-z0-9_-]{43}$/;
export const PARTNER_SESSION_PATTERN = /^pfps_[A-Za-z0-9_-]{43}$/;

/** How long a magic sign-in link can be used. */
export const SIGN_IN_LINK_TTL_MS = 15 * 60_000;
/** Absolute lifetime of a partner session; it is not extended by activity. */
export const PARTNER_SESSION_TTL_MS = 24 * 3_600_000;
/** Expiry of access tokens in days: the default, and the maximum for sensitive pages. */
export const TOKEN_DEFAULT_DAYS = 90;
export const SENSITIVE_TOKEN_DAYS = 30;
/** Partner audit events older than this are deleted by the scheduled cleanup. */
export const PARTNER_AUDIT_RETENTION_DAYS = 90;

export function generateAccessToken(): string {
  return generateToken(PARTNER_TOKEN_PREFIX.token);
}

export function generateSignInLinkToken(): string {
  return generateToken(PARTNER_TOKEN_PREFIX.signInLink);
}

/** Returns the part of an access token shown in lists: its prefix and first 4 random characters. */
export function displayPrefix(token: string): string {
  return token.slice(0, PARTNER_TOKEN_PREFIX.token.length + 5);
}
