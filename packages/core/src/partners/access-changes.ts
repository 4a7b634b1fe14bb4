import type { Logger } from '@pagefree/logger';
import type { Redis } from 'ioredis';
import { withTimeout } from '../runtime/redis.ts';

/**
 * Tells status site processes that a partner's access changed (deactivated, grant revoked,
 * token revoked, session ended), so they drop cached credential checks for that partner at
 * once instead of when the cache entry ages out.
 */
export interface PartnerAccessChanges {
  announce(change: PartnerAccessChange): Promise<void>;
}

export interface PartnerAccessChange {
  partnerId: string;
}

/** Redis pub/sub channel of partner access changes, under the installation's queue prefix. */
export function partnerAccessChannel(prefix: string): string {
  return `${prefix}:status:partner-access`;
}

export function parsePartnerAccessChange(message: string): PartnerAccessChange | null {
  try {
    const parsed = JSON.parse(message) as { partnerId?: unknown };
    return typeof parsed.partnerId === 'string' ? { partnerId: parsed.partnerId } : null;
  } catch {
    return null;
  }
}

const PUBLISH_TIMEOUT_MS = 2_000;

/**
 * Publishes changes on Redis. A failed publish is logged and not thrown: the change is
 * already committed, and status processes re-check cached credentials when their entries
 * age out (see the status site's partner credential cache).
 */
export function createRedisPartnerAccessChanges(
  redis: Redis,
  prefix: string,
  logger: Logger,
): PartnerAccessChanges {
  const channel = partnerAccessChannel(prefix);
  return {
    async announce(change) {
      try {
        await withTimeout(
          redis.publish(channel, JSON.stringify({ partnerId: change.partnerId })),
          PUBLISH_TIMEOUT_MS,
          'Announcing a partner access change',
        );
      } catch (error) {
        logger.warn(
          { err: error, partnerId: change.partnerId },
          'Announcing a partner access change failed; status sites see it when their cache entries expire',
        );
      }
    },
  };
}

/** For callers without Redis (some tests): changes show when cache entries expire. */
export const unannouncedPartnerAccessChanges: PartnerAccessChanges = {
  announce: async () => undefined,
};
