import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimitedError } from '../shared/errors.ts';

/**
 * Limits password guessing: failed sign-ins count per account and per client address
 * over 15 minutes. Counts live in Redis so every server shares them; while Redis is
 * unreachable each server falls back to counting in its own memory.
 */
export interface LoginThrottle {
  /** Throws RateLimitedError when the account or the address has too many recent failures. */
  check(email: string, ip: string | null): Promise<void>;
  recordFailure(email: string, ip: string | null): Promise<void>;
  recordSuccess(email: string): Promise<void>;
}

const WINDOW_SECONDS = 15 * 60;
/** Failures per account per window: enough for typos, far too few for guessing. */
const ACCOUNT_FAILURES = 10;
/** Failures per address per window; higher, because offices share one address. */
const ADDRESS_FAILURES = 100;

function limiter(redis: Redis | null, prefix: string, points: number): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix: prefix, points, duration: WINDOW_SECONDS });
  if (!redis) return memory;
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: prefix,
    points,
    duration: WINDOW_SECONDS,
    insuranceLimiter: memory,
  });
}

function exhausted(result: { remainingPoints?: number } | null): boolean {
  return result !== null && (result.remainingPoints ?? 1) <= 0;
}

export function createLoginThrottle(redis: Redis | null, keyPrefix: string): LoginThrottle {
  const byAccount = limiter(redis, `${keyPrefix}:login-account`, ACCOUNT_FAILURES);
  const byAddress = limiter(redis, `${keyPrefix}:login-address`, ADDRESS_FAILURES);
  const accountKey = (email: string) => email.trim().toLowerCase();

  return {
    async check(email, ip) {
      const [account, address] = await Promise.all([
        byAccount.get(accountKey(email)),
        ip ? byAddress.get(ip) : Promise.resolve(null),
      ]);
      const blocked = [account, address].filter(exhausted);
      if (blocked.length > 0) {
        const waitMs = Math.max(...blocked.map((result) => result?.msBeforeNext ?? 60_000));
        throw new RateLimitedError(Math.ceil(waitMs / 1000));
      }
    },
    async recordFailure(email, ip) {
      // consume() rejects once the points run out; that rejection is the count we want.
      await Promise.all([
        byAccount.consume(accountKey(email)).catch(() => undefined),
        ip ? byAddress.consume(ip).catch(() => undefined) : undefined,
      ]);
    },
    async recordSuccess(email) {
      await byAccount.delete(accountKey(email)).catch(() => undefined);
    },
  };
}
