import { rateLimitKey } from '@pagefree/core/rate-limits/address-key';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimitDecision, RateLimitPolicy } from '../http/rate-limit.ts';

/** A limiter with one fixed-window budget per tier and key. */
export interface TieredLimiter<Tier extends string> {
  consume(tier: Tier, key: string): Promise<RateLimitDecision>;
}

/**
 * Creates Redis-backed fixed-window limits (rate-limiter-flexible) under
 * `<keyPrefix>:<tier>:<key>`, so every status process shares one budget per key. While
 * Redis is down or not ready, each process counts in an in-memory limiter with the same
 * policy (the library's insurance limiter), so limits still apply instead of failing open.
 */
export function createTieredRedisLimiter<Tier extends string>(
  redis: Redis,
  keyPrefix: string,
  defaults: Record<Tier, RateLimitPolicy>,
  policies: Partial<Record<Tier, RateLimitPolicy>>,
): TieredLimiter<Tier> {
  const limiters = new Map<Tier, { limiter: RateLimiterRedis; policy: RateLimitPolicy }>();
  for (const tier of Object.keys(defaults) as Tier[]) {
    const policy = policies[tier] ?? defaults[tier];
    const tierPrefix = `${keyPrefix}:${tier}`;
    const window = { keyPrefix: tierPrefix, points: policy.points, duration: policy.windowSeconds };
    limiters.set(tier, {
      policy,
      limiter: new RateLimiterRedis({
        ...window,
        storeClient: redis,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(window),
      }),
    });
  }

  return {
    async consume(tier, key) {
      const { limiter, policy } = limiters.get(tier)!;
      let result: RateLimiterRes;
      let allowed = true;
      try {
        result = await limiter.consume(rateLimitKey(key));
      } catch (rejection) {
        // The library rejects with a RateLimiterRes when the budget is spent, and with an
        // Error only when both Redis and the insurance limiter failed.
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        result = rejection;
        allowed = false;
      }
      return {
        allowed,
        limit: policy.points,
        remaining: Math.max(0, result.remainingPoints),
        resetSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)),
        windowSeconds: policy.windowSeconds,
      };
    },
  };
}
