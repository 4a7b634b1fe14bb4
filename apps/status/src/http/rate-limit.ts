import type { Context, MiddlewareHandler } from 'hono';
import type { StatusEnv } from './app-env.ts';

/** Separate budgets: pages, machine-readable data (JSON and feeds), and subscribe forms. */
export type RateLimitTier = 'page' | 'api' | 'subscribe';

export interface RateLimitPolicy {
  /** Requests allowed per window. */
  points: number;
  windowSeconds: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
  windowSeconds: number;
}

/** Counts requests per tier and key; the Node implementation is Redis-backed. */
export interface RateLimiter {
  consume(tier: RateLimitTier, key: string): Promise<RateLimitDecision>;
}

/**
 * Per-client-address defaults. Generous for pages, because during an outage many people
 * behind one office NAT reload the same page; strict for subscribing, which sends email.
 * These are starting values chosen for this product, not measured limits.
 */
export const DEFAULT_RATE_LIMITS: Record<RateLimitTier, RateLimitPolicy> = {
  page: { points: 600, windowSeconds: 60 },
  api: { points: 300, windowSeconds: 60 },
  subscribe: { points: 20, windowSeconds: 3600 },
};

/**
 * Applies a tier's limit and sets the IETF draft headers `RateLimit-Limit`,
 * `RateLimit-Remaining`, `RateLimit-Reset` and `RateLimit-Policy` on every response, and
 * `Retry-After` on a 429. When the limiter itself fails the request is let through and
 * logged: a status page must stay readable during the outage it reports.
 */
export function rateLimit(
  limiter: RateLimiter,
  tier: RateLimitTier,
  reject: (c: Context<StatusEnv>, retryAfterSeconds: number) => Response | Promise<Response>,
): MiddlewareHandler<StatusEnv> {
  return async (c, next) => {
    // Partner traffic has budgets of its own, per credential and address, applied by the
    // partner middleware, so partners and the public never use up each other's limits.
    if (c.get('viewer').kind === 'partner') {
      await next();
      return;
    }
    const key = c.get('ip') ?? 'unknown';
    let decision: RateLimitDecision;
    try {
      decision = await limiter.consume(tier, key);
    } catch (error) {
      c.get('logger').warn({ err: error, tier }, 'Rate limiter failed; request allowed');
      await next();
      return;
    }

    const headers = {
      'RateLimit-Limit': String(decision.limit),
      'RateLimit-Remaining': String(decision.remaining),
      'RateLimit-Reset': String(decision.resetSeconds),
      'RateLimit-Policy': `${decision.limit};w=${decision.windowSeconds}`,
    };
    if (!decision.allowed) {
      const response = await reject(c, decision.resetSeconds);
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
      response.headers.set('Retry-After', String(decision.resetSeconds));
      return response;
    }
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}
