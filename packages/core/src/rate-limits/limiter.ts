import type { Logger } from '@pagefree/logger';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimitFallbacks } from '../observability/metrics.ts';
import { rateLimitKey } from './address-key.ts';
import type { RateLimitPolicy, RateLimitTier } from './tiers.ts';

/** The outcome of counting one request against a tier. */
export interface RateLimitDecision {
  allowed: boolean;
  /** Requests allowed per window. */
  limit: number;
  /** Requests counted in the current window, this one included. */
  consumed: number;
  remaining: number;
  /** Seconds until the window resets, at least 1. */
  resetSeconds: number;
  windowSeconds: number;
}

/** Counts requests of one tier per key. */
export interface TierLimiter {
  readonly tier: RateLimitTier;
  readonly policy: RateLimitPolicy;
  /** Counts `points` for `key`; `allowed` is false once the window's budget is spent. */
  consume(key: string, points?: number): Promise<RateLimitDecision>;
  /** Returns the current count without adding to it. */
  peek(key: string): Promise<RateLimitDecision>;
  /** Forgets `key`'s count, e.g. after a successful sign-in. */
  reset(key: string): Promise<void>;
}

/**
 * Memory limiter used while Redis is unreachable. It counts each fallback, so operators can
 * see when limits were per process rather than shared.
 */
class FallbackMemoryLimiter extends RateLimiterMemory {
  readonly #tier: RateLimitTier;

  constructor(tier: RateLimitTier, options: ConstructorParameters<typeof RateLimiterMemory>[0]) {
    super(options);
    this.#tier = tier;
  }

  override consume(...args: Parameters<RateLimiterMemory['consume']>) {
    rateLimitFallbacks.inc({ tier: this.#tier });
    return super.consume(...args);
  }
}

/**
 * Creates a limiter for `tier` that counts fixed windows in Redis under
 * `<prefix>:rate:<tier>:` (rate-limiter-flexible). Whenever Redis is not connected or a
 * command fails, it counts in this process's memory instead, so limits still apply, per
 * process, and no request waits on an unreachable Redis. With `redis` null it counts in
 * memory only.
 */
export function createTierLimiter(
  redis: Redis | null,
  prefix: string,
  tier: RateLimitTier,
  policy: RateLimitPolicy,
): TierLimiter {
  const keyPrefix = `${prefix}:rate:${tier}`;
  const memory = new FallbackMemoryLimiter(tier, {
    keyPrefix,
    points: policy.points,
    duration: policy.windowSeconds,
  });
  const limiter = redis
    ? new RateLimiterRedis({
        storeClient: redis,
        keyPrefix,
        points: policy.points,
        duration: policy.windowSeconds,
        rejectIfRedisNotReady: true,
        insuranceLimiter: memory,
      })
    : new RateLimiterMemory({ keyPrefix, points: policy.points, duration: policy.windowSeconds });

  const decide = (result: RateLimiterRes, allowed: boolean): RateLimitDecision => ({
    allowed,
    limit: policy.points,
    consumed: result.consumedPoints,
    remaining: Math.max(0, result.remainingPoints),
    resetSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)),
    windowSeconds: policy.windowSeconds,
  });

  return {
    tier,
    policy,
    async consume(key, points = 1) {
      try {
        return decide(await limiter.consume(rateLimitKey(key), points), true);
      } catch (rejection) {
        // rate-limiter-flexible rejects with a RateLimiterRes when the budget is spent, and
        // with an Error only when Redis and the memory fallback both failed.
        if (rejection instanceof RateLimiterRes) return decide(rejection, false);
        throw rejection;
      }
    },
    async peek(key) {
      const result = await limiter.get(rateLimitKey(key));
      if (!result) {
        return {
          allowed: true,
          limit: policy.points,
          consumed: 0,
          remaining: policy.points,
          resetSeconds: policy.windowSeconds,
          windowSeconds: policy.windowSeconds,
        };
      }
      return decide(result, result.consumedPoints <= policy.points);
    },
    async reset(key) {
      await limiter.delete(rateLimitKey(key));
    },
  };
}

/** A stalled Redis must not hold a request; the limiter falls back to memory after this. */
const COMMAND_TIMEOUT_MS = 250;

/**
 * Opens the Redis connection for rate limits: no offline queue and no retries, and a short
 * command timeout, so while Redis is down or slow each check fails at once and the memory
 * fallback counts instead. Connection errors are logged at most once per minute.
 */
export function openRateLimitRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    connectionName: 'pagefree-rate-limits',
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let lastLogged = 0;
  redis.on('error', (error) => {
    const now = Date.now();
    if (now - lastLogged > 60_000) {
      lastLogged = now;
      logger.warn({ err: error }, 'Rate limit Redis unreachable; counting in process memory');
    }
  });
  return redis;
}
