import type { RateLimitDecision } from './limiter.ts';

/**
 * The IETF draft rate limit headers for a decision (draft-ietf-httpapi-ratelimit-headers,
 * version 7 field names): `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` in
 * seconds and `RateLimit-Policy` as `<limit>;w=<window seconds>`. A rejected request also
 * gets `Retry-After` in seconds (RFC 9110).
 */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const headers: Record<string, string> = {
    'RateLimit-Limit': String(decision.limit),
    'RateLimit-Remaining': String(decision.remaining),
    'RateLimit-Reset': String(decision.resetSeconds),
    'RateLimit-Policy': `${decision.limit};w=${decision.windowSeconds}`,
  };
  if (!decision.allowed) headers['Retry-After'] = String(decision.resetSeconds);
  return headers;
}

/** Of several decisions, the one closest to its limit: the one whose headers a client must obey. */
export function tightestDecision(decisions: RateLimitDecision[]): RateLimitDecision {
  return decisions.reduce((tightest, decision) => {
    if (tightest.allowed !== decision.allowed) return decision.allowed ? tightest : decision;
    return decision.remaining / decision.limit < tightest.remaining / tightest.limit
      ? decision
      : tightest;
  });
}
