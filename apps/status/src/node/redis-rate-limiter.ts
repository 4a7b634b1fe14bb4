import { rateLimitKey } from '@pagefree/core/rate-limits/address-key';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import {
  DEFAULT_RATE_LIMITS,
  type RateLimiter,
  type RateLimitPolicy,
  type RateLimitTier,
} from '../http/rate-limit.ts';

/**
 * Redis-backed fixed-window limits per tier and client address (rate-limiter-flexible), so
 * every status process shares one budget per client. When Redis is down or not ready, each
 * process falls back to an in-memory limiter with the same policy (the library's insurance
 * limiter), so limits still apply, per process, instead of failing open.
 */
export function createRedisRateLimiter(
  redis: Redis,
  prefix: string,
  policies: Partial<Record<RateLimitTier, RateLimitPolicy>> = {},
): RateLimiter {
  const limiters = new Map<RateLimitTier, { limiter: RateLimiterRedis; policy: RateLimitPolicy }>();
  for (const tier of Object.keys(DEFAULT_RATE_LIMITS) as RateLimitTier[]) {
    const policy = policies[tier] ?? DEFAULT_RATE_LIMITS[tier];
    const keyPrefix = `${prefix}:status:rate:${tier}`;
    limiters.set(tier, {
      policy,
      limiter: new RateLimiterRedis({
        storeClient: redis,
        keyPrefix,
        points: policy.points,
        duration: policy.windowSeconds,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({
          keyPrefix,
          points: policy.points,
          duration: policy.windowSeconds,
        }),
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
