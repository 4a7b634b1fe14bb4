import { rateLimitHeaders } from '@pagefree/core/rate-limits/headers';
import type { RateLimitDecision } from '@pagefree/core/rate-limits/limiter';
import type { ServerRateLimits } from '@pagefree/core/rate-limits/rate-limits';
import { RateLimitedError } from '@pagefree/core/shared/errors';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './app-env.ts';

/** Sets the rate limit headers of `decision` on the response being built. */
export function setRateLimitHeaders(c: Context<AppEnv>, decision: RateLimitDecision): void {
  for (const [name, value] of Object.entries(rateLimitHeaders(decision))) c.header(name, value);
}

/**
 * Limits unauthenticated endpoints (the push acknowledge action) per client address. A
 * limiter failure lets the request through: the limit protects capacity, and paging
 * actions must keep working while Redis is down (the limiter already falls back to memory).
 */
export function publicRateLimit(limits: ServerRateLimits) {
  return createMiddleware<AppEnv>(async (c, next) => {
    let decision: RateLimitDecision;
    try {
      decision = await limits.checkPublic(c.get('ip'));
    } catch (error) {
      c.get('logger').warn({ err: error }, 'Rate limiter failed; request allowed');
      await next();
      return;
    }
    setRateLimitHeaders(c, decision);
    if (!decision.allowed) throw new RateLimitedError(decision.resetSeconds);
    await next();
  });
}
