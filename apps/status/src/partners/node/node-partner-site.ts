import type { Config } from '@pagefree/config';
import { createRedisPartnerAccessChanges } from '@pagefree/core/partners/access-changes';
import { openRedis } from '@pagefree/core/runtime/redis';
import type { Clock } from '@pagefree/core/shared/clock';
import type { StatusQueue } from '@pagefree/core/status-pages/status-queue';
import type { Db } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';
import type { Redis } from 'ioredis';
import type { RateLimiter, RateLimitPolicy } from '../../http/rate-limit.ts';
import type { PartnerRateLimitTier } from '../partner-limits.ts';
import { createPartnerSite, type PartnerSite } from '../partner-site.ts';
import { createNodePartnerGateway } from './node-partner-gateway.ts';
import { subscribeToPartnerAccessChanges } from './redis-access-announcements.ts';
import { createRedisPartnerLimiter } from './redis-partner-limiter.ts';

export interface NodePartnerSiteOptions {
  config: Config;
  db: Db;
  logger: Logger;
  clock: Clock;
  statusQueue: StatusQueue;
  /** A connection that may publish (the status site's reader). */
  publisher: Redis;
  /** The rate limiters' connection, which fails fast while Redis is down. */
  limiterRedis: Redis;
  /** The public limiter, for the sign-in pages. */
  limiter: RateLimiter;
  siteUrl: string;
  rateLimits?: Partial<Record<PartnerRateLimitTier, RateLimitPolicy>>;
}

/**
 * Builds partner access for the Node status site: the database gateway, Redis-backed
 * partner limits, and a pub/sub connection of its own for access changes. `close` writes
 * counted use and closes the subscription.
 */
export async function createNodePartnerSite(
  options: NodePartnerSiteOptions,
): Promise<{ site: PartnerSite; close(): Promise<void> }> {
  const prefix = options.config.queuePrefix;
  const subscriber = openRedis(options.config.redisUrl, 'pubsub', options.logger);
  const announcements = await subscribeToPartnerAccessChanges({
    subscriber,
    prefix,
    logger: options.logger,
  });
  const gateway = createNodePartnerGateway({
    db: options.db,
    clock: options.clock,
    statusQueue: options.statusQueue,
    accessChanges: createRedisPartnerAccessChanges(options.publisher, prefix, options.logger),
  });
  const site = createPartnerSite({
    gateway,
    announcements,
    partnerLimiter: createRedisPartnerLimiter(options.limiterRedis, prefix, options.rateLimits),
    limiter: options.limiter,
    logger: options.logger,
    siteUrl: options.siteUrl,
    now: () => options.clock.now().getTime(),
  });

  return {
    site,
    async close() {
      await site.close();
      await announcements.close();
    },
  };
}
