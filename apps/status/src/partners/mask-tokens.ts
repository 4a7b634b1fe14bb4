/** A PageFree token anywhere in a string: kind prefix, underscore, 20 or more base64url characters. */
const TOKEN_SHAPE = /pf[a-z]{1,3}_[A-Za-z0-9_-]{20,}/g;

/**
 * Masks token-shaped text in a request path before it is logged or audited, so a token
 * pasted into a URL (where it is never accepted) is not written anywhere either.
 */
export function maskTokens(path: string): string {
  return path.replace(TOKEN_SHAPE, '[redacted]');
}
