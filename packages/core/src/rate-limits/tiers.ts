/**
 * Rate limit tiers. Each tier counts requests per key (an integration key, a client address,
 * a user id or an account) in fixed windows, in Redis so every process shares the count.
 *
 * - `ingest-key` and `ingest-address`: monitoring webhooks per integration key and per client
 *   address. Above `points` a webhook is still stored and deduplicated, but processed with
 *   limited concurrency per key; only above `points * INGEST_HARD_LIMIT_FACTOR` is it
 *   rejected with 429 and Retry-After.
 * - `api-user`: the tRPC API per signed-in user or API key owner.
 * - `public-address`: unauthenticated server endpoints per client address.
 * - `login-account` and `login-address`: failed sign-ins per account and per address.
 */
export type RateLimitTier =
  | 'ingest-key'
  | 'ingest-address'
  | 'api-user'
  | 'public-address'
  | 'login-account'
  | 'login-address';

export interface RateLimitPolicy {
  /** Requests (or failures, for the login tiers) allowed per window. */
  points: number;
  windowSeconds: number;
}

export type RateLimitPolicies = Record<RateLimitTier, RateLimitPolicy>;

/** Above this multiple of its soft limit an ingestion key or address is rejected with 429. */
export const INGEST_HARD_LIMIT_FACTOR = 10;

/**
 * Defaults, chosen for this product rather than measured. Ingestion is generous because a
 * storm of alerts is exactly when it must keep working: 6,000 webhooks a minute is 100 a
 * second from one integration, and an address gets twice that because one Alertmanager
 * often serves several integrations. A console session makes a few requests a second at
 * most. Offices share one address, so the login address limit is ten times the account's.
 */
export const DEFAULT_RATE_LIMITS: RateLimitPolicies = {
  'ingest-key': { points: 6_000, windowSeconds: 60 },
  'ingest-address': { points: 12_000, windowSeconds: 60 },
  'api-user': { points: 1_200, windowSeconds: 60 },
  'public-address': { points: 600, windowSeconds: 60 },
  'login-account': { points: 10, windowSeconds: 15 * 60 },
  'login-address': { points: 100, windowSeconds: 15 * 60 },
};

/** The per-minute limits an operator can set, from RATE_LIMIT_*_PER_MINUTE. */
export interface RateLimitSettings {
  ingestPerMinute: number;
  apiPerMinute: number;
  publicPerMinute: number;
}

/** Builds the policies from configured per-minute limits; the address ingestion limit is twice the key's. */
export function ratePolicies(settings: RateLimitSettings): RateLimitPolicies {
  return {
    ...DEFAULT_RATE_LIMITS,
    'ingest-key': { points: settings.ingestPerMinute, windowSeconds: 60 },
    'ingest-address': { points: settings.ingestPerMinute * 2, windowSeconds: 60 },
    'api-user': { points: settings.apiPerMinute, windowSeconds: 60 },
    'public-address': { points: settings.publicPerMinute, windowSeconds: 60 },
  };
}
