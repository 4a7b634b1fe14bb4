import type { Redis } from 'ioredis';
import type { RateLimitPolicy } from '../../http/rate-limit.ts';
import { createTieredRedisLimiter } from '../../node/tiered-redis-limiter.ts';
import {
  DEFAULT_PARTNER_RATE_LIMITS,
  type PartnerRateLimiter,
  type PartnerRateLimitTier,
} from '../partner-limits.ts';

/**
 * Creates the partner limits under keys of their own (`<prefix>:status:partner-rate:…`), so
 * partner budgets per credential and address stay apart from the public tiers. Keys are
 * credential ids and client addresses, never tokens.
 */
export function createRedisPartnerLimiter(
  redis: Redis,
  prefix: string,
  policies: Partial<Record<PartnerRateLimitTier, RateLimitPolicy>> = {},
): PartnerRateLimiter {
  return createTieredRedisLimiter(
    redis,
    `${prefix}:status:partner-rate`,
    DEFAULT_PARTNER_RATE_LIMITS,
    policies,
  );
}
