import type { Redis } from 'ioredis';
import type { AggregatedAudit } from '../rate-limits/aggregated-audit.ts';
import { createTierLimiter, type RateLimitDecision } from '../rate-limits/limiter.ts';
import { DEFAULT_RATE_LIMITS, type RateLimitPolicies } from '../rate-limits/tiers.ts';
import { RateLimitedError } from '../shared/errors.ts';

/**
 * Limits password guessing: failed sign-ins count per account and per client address, in
 * the `login-account` and `login-address` tiers of the rate limits (10 and 100 failures per
 * 15 minutes by default). Counts live in Redis so every server shares them; while Redis is
 * unreachable each server falls back to counting in its own memory.
 */
export interface LoginThrottle {
  /** Throws RateLimitedError when the account or the address has too many recent failures. */
  check(email: string, ip: string | null): Promise<void>;
  recordFailure(email: string, ip: string | null): Promise<void>;
  recordSuccess(email: string): Promise<void>;
}

function exhausted(decision: RateLimitDecision | null): boolean {
  return decision !== null && decision.remaining <= 0 && decision.consumed > 0;
}

/**
 * Creates the sign-in throttle. With `audit`, each blocked attempt is counted into one
 * audit row per account or address per minute instead of a row per attempt.
 */
export function createLoginThrottle(
  redis: Redis | null,
  keyPrefix: string,
  options: { policies?: RateLimitPolicies; audit?: AggregatedAudit } = {},
): LoginThrottle {
  const policies = options.policies ?? DEFAULT_RATE_LIMITS;
  const byAccount = createTierLimiter(redis, keyPrefix, 'login-account', policies['login-account']);
  const byAddress = createTierLimiter(redis, keyPrefix, 'login-address', policies['login-address']);
  const accountKey = (email: string) => email.trim().toLowerCase();

  return {
    async check(email, ip) {
      const [account, address] = await Promise.all([
        byAccount.peek(accountKey(email)),
        ip ? byAddress.peek(ip) : Promise.resolve(null),
      ]);
      const blocked = [account, address].filter(exhausted);
      if (blocked.length === 0) return;

      const tier = exhausted(account) ? 'login-account' : 'login-address';
      await options.audit?.record({
        action: 'rate_limit.rejected',
        resourceType: 'rate_limit',
        actor: { type: 'anonymous', id: null, ip },
        // The account is named by the audit row's ip and tier only: an email typed at the
        // sign-in form may be a password pasted into the wrong field.
        subject: `${tier}:${tier === 'login-account' ? `account ${ip ?? 'unknown'}` : (ip ?? 'unknown')}`,
        metadata: { tier },
      });
      const waitSeconds = Math.max(...blocked.map((decision) => decision!.resetSeconds));
      throw new RateLimitedError(waitSeconds);
    },
    async recordFailure(email, ip) {
      await Promise.all([
        byAccount.consume(accountKey(email)).catch(() => undefined),
        ip ? byAddress.consume(ip).catch(() => undefined) : undefined,
      ]);
    },
    async recordSuccess(email) {
      await byAccount.reset(accountKey(email)).catch(() => undefined);
    },
  };
}
