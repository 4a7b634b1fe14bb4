import type { Redis } from 'ioredis';
import {
  DEFAULT_RATE_LIMITS,
  type RateLimiter,
  type RateLimitPolicy,
  type RateLimitTier,
} from '../http/rate-limit.ts';
import { createTieredRedisLimiter } from './tiered-redis-limiter.ts';

/**
 * Creates the public limits per tier and client address, shared by every status process
 * through Redis and counted per process while Redis is down.
 */
export function createRedisRateLimiter(
  redis: Redis,
  prefix: string,
  policies: Partial<Record<RateLimitTier, RateLimitPolicy>> = {},
): RateLimiter {
  return createTieredRedisLimiter(redis, `${prefix}:status:rate`, DEFAULT_RATE_LIMITS, policies);
}
