import { rateLimitKey } from '@pagefree/core/rate-limits/address-key';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimitPolicy } from '../../http/rate-limit.ts';
import {
  DEFAULT_PARTNER_RATE_LIMITS,
  type PartnerRateLimiter,
  type PartnerRateLimitTier,
} from '../partner-limits.ts';

/**
 * Redis-backed fixed-window partner limits (rate-limiter-flexible), under keys of their own
 * (`<prefix>:status:partner-rate:<tier>:<key>`), so every status process shares one budget
 * per credential and address, apart from the public tiers. Keys are credential ids and
 * client addresses, never tokens. While Redis is down each process falls back to an
 * in-memory limiter with the same policy.
 */
export function createRedisPartnerLimiter(
  redis: Redis,
  prefix: string,
  policies: Partial<Record<PartnerRateLimitTier, RateLimitPolicy>> = {},
): PartnerRateLimiter {
  const limiters = new Map<
    PartnerRateLimitTier,
    { limiter: RateLimiterRedis; policy: RateLimitPolicy }
  >();
  for (const tier of Object.keys(DEFAULT_PARTNER_RATE_LIMITS) as PartnerRateLimitTier[]) {
    const policy = policies[tier] ?? DEFAULT_PARTNER_RATE_LIMITS[tier];
    const keyPrefix = `${prefix}:status:partner-rate:${tier}`;
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
        // A spent budget rejects with a RateLimiterRes; an Error means both stores failed.
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
