import type { RateLimitDecision, RateLimitPolicy } from '../http/rate-limit.ts';

/**
 * Partner budgets, separate from the public tiers, so a partner cannot use up the public
 * budget of an office address or another partner's, and public visitors cannot starve
 * partners:
 * - `address`: every request that presents a partner credential, per client address,
 *   counted before the credential is looked up, so guessing tokens is bounded too;
 * - `credential`: requests per access token or session;
 * - `sign-in`: sign-in link requests and confirmations per client address, since they send
 *   email or create sessions.
 */
export type PartnerRateLimitTier = 'address' | 'credential' | 'sign-in';

export interface PartnerRateLimiter {
  consume(tier: PartnerRateLimitTier, key: string): Promise<RateLimitDecision>;
}

/**
 * Starting values chosen for this product, not measured limits: a dashboard polling
 * summary.json every second uses 60 of the credential budget per minute.
 */
export const DEFAULT_PARTNER_RATE_LIMITS: Record<PartnerRateLimitTier, RateLimitPolicy> = {
  address: { points: 1200, windowSeconds: 60 },
  credential: { points: 600, windowSeconds: 60 },
  'sign-in': { points: 20, windowSeconds: 3600 },
};
