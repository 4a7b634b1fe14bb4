import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ingestOverLimit, rateLimitRejections } from '../observability/metrics.ts';
import type { AggregatedAudit } from './aggregated-audit.ts';
import { tightestDecision } from './headers.ts';
import { createKeyedGate, type KeyedGate } from './keyed-gate.ts';
import { createTierLimiter, type RateLimitDecision, type TierLimiter } from './limiter.ts';
import { INGEST_HARD_LIMIT_FACTOR, type RateLimitPolicies, type RateLimitTier } from './tiers.ts';

/** The result of counting an ingestion request against its limits. */
export interface IngestLimitCheck {
  /** The decision whose headers the response carries. */
  decision: RateLimitDecision;
  /** `soft`: store it anyway, with limited concurrency. `hard`: reject it with 429. */
  over: 'none' | 'soft' | 'hard';
  /** Gate key: the integration key's fingerprint, or the address for a malformed key. */
  gateKey: string;
}

export interface ServerRateLimits {
  /** Counts one webhook against its integration key (when well-formed) and its address. */
  checkIngest(integrationKey: string | null, ip: string | null): Promise<IngestLimitCheck>;
  /** Runs webhooks under their soft limit, at most INGEST_KEY_CONCURRENCY at once per key. */
  ingestGate: KeyedGate;
  /** Runs webhooks above their soft limit, at most OVER_LIMIT_CONCURRENCY at once per key. */
  overLimitGate: KeyedGate;
  /** Counts one authenticated API request of `userId`. */
  checkApi(userId: string, ip: string | null): Promise<RateLimitDecision>;
  /** Counts one unauthenticated request from `ip`. */
  checkPublic(ip: string | null): Promise<RateLimitDecision>;
  /** Counts one rejected request with the audit aggregator, e.g. one the gate turned away. */
  recordRejection(tier: RateLimitTier, subject: string, ip: string | null): Promise<void>;
}

/** Ingestion keys are random URL-safe tokens; anything else gets only the address limit. */
const WELL_FORMED_KEY = /^[A-Za-z0-9_-]{8,128}$/;
/**
 * Webhooks of one integration key that run at once, per process. A storm of 64 concurrent
 * senders then waits here instead of in the database pool, which the console, the other
 * integrations and (under `pnpm start`) the paging worker share.
 */
const INGEST_KEY_CONCURRENCY = 8;
/** Webhooks waiting for those slots before further ones are rejected with 429. */
const INGEST_KEY_MAX_WAITING = 1_000;
/** Webhooks of one key or address over its soft limit that run at once, per process. */
const OVER_LIMIT_CONCURRENCY = 2;
/** Webhooks that may wait for those slots before further ones are rejected with 429. */
const OVER_LIMIT_MAX_WAITING = 200;
const UNKNOWN_ADDRESS = 'unknown';

/**
 * Creates the server's rate limits, one limiter per tier on a shared Redis connection, with
 * rejections and soft-limit overruns audited per subject per minute (see
 * `createAggregatedAudit`). Integration keys are credentials, so counters, audit rows and
 * gate keys use a SHA-256 fingerprint of the key instead.
 */
export function createServerRateLimits(options: {
  redis: Redis | null;
  prefix: string;
  policies: RateLimitPolicies;
  audit: AggregatedAudit;
}): ServerRateLimits {
  const { policies, audit } = options;
  const limiter = (tier: RateLimitTier, points = policies[tier].points): TierLimiter =>
    createTierLimiter(options.redis, options.prefix, tier, { ...policies[tier], points });
  // One counter per key and address counts up to the hard limit, and the soft limit is a
  // threshold on the same count, so each webhook costs one Redis round trip per counter.
  const ingestKey = limiter('ingest-key', policies['ingest-key'].points * INGEST_HARD_LIMIT_FACTOR);
  const ingestAddress = limiter(
    'ingest-address',
    policies['ingest-address'].points * INGEST_HARD_LIMIT_FACTOR,
  );
  const api = limiter('api-user');
  const publicAddress = limiter('public-address');

  const recordRejection = async (tier: RateLimitTier, subject: string, ip: string | null) => {
    rateLimitRejections.inc({ tier });
    await audit.record({
      action: 'rate_limit.rejected',
      resourceType: 'rate_limit',
      actor: { type: 'anonymous', id: null, ip },
      subject: `${tier}:${subject}`,
      metadata: { tier, subject },
    });
  };

  return {
    async checkIngest(integrationKey, ip) {
      const keyFingerprint =
        integrationKey && WELL_FORMED_KEY.test(integrationKey) ? fingerprint(integrationKey) : null;
      const address = ip ?? UNKNOWN_ADDRESS;
      const gateKey = keyFingerprint ? `key ${keyFingerprint}` : address;
      const [byKey, byAddress] = await Promise.all([
        keyFingerprint ? ingestKey.consume(keyFingerprint) : null,
        ingestAddress.consume(address),
      ]);

      const overKey = byKey !== null && byKey.consumed > policies['ingest-key'].points;
      const overAddress = byAddress.consumed > policies['ingest-address'].points;
      // Headers describe the soft limits, the ones senders should stay under.
      const decision = tightestDecision(
        [
          byKey && softView(byKey, policies['ingest-key'].points),
          softView(byAddress, policies['ingest-address'].points),
        ].filter((view) => view !== null),
      );
      if ((byKey && !byKey.allowed) || !byAddress.allowed) {
        const tier = byKey && !byKey.allowed ? 'ingest-key' : 'ingest-address';
        await recordRejection(tier, tier === 'ingest-key' ? `key ${keyFingerprint}` : address, ip);
        return { decision: { ...decision, allowed: false }, over: 'hard', gateKey };
      }
      if (overKey || overAddress) {
        const limit = overKey ? 'key' : 'address';
        ingestOverLimit.inc({ limit });
        const subject = overKey ? `key ${keyFingerprint}` : address;
        await audit.record({
          action: 'rate_limit.ingest_over_soft_limit',
          resourceType: 'rate_limit',
          actor: { type: 'anonymous', id: null, ip },
          subject,
          metadata: { tier: overKey ? 'ingest-key' : 'ingest-address', subject },
        });
        return { decision, over: 'soft', gateKey: subject };
      }
      return { decision, over: 'none', gateKey };
    },
    ingestGate: createKeyedGate({
      concurrency: INGEST_KEY_CONCURRENCY,
      maxWaiting: INGEST_KEY_MAX_WAITING,
    }),
    overLimitGate: createKeyedGate({
      concurrency: OVER_LIMIT_CONCURRENCY,
      maxWaiting: OVER_LIMIT_MAX_WAITING,
    }),
    async checkApi(userId, ip) {
      const decision = await api.consume(userId);
      if (!decision.allowed) await recordRejection('api-user', `user ${userId}`, ip);
      return decision;
    },
    async checkPublic(ip) {
      const address = ip ?? UNKNOWN_ADDRESS;
      const decision = await publicAddress.consume(address);
      if (!decision.allowed) await recordRejection('public-address', address, ip);
      return decision;
    },
    recordRejection,
  };
}

/** Returns the first 12 hex digits of a key's SHA-256: enough to tell keys apart, useless as a key. */
export function fingerprint(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

/** Restates a count kept against the hard limit in terms of the soft limit. */
function softView(decision: RateLimitDecision, softLimit: number): RateLimitDecision {
  return {
    ...decision,
    limit: softLimit,
    remaining: Math.max(0, softLimit - decision.consumed),
  };
}
