import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Config } from '@pagefree/config';
import { checkDatabase, checkRedis } from '@pagefree/core/observability/checks';
import { createClientAddressResolver } from '@pagefree/core/runtime/client-address';
import { openRedis } from '@pagefree/core/runtime/redis';
import { type Clock, systemClock } from '@pagefree/core/shared/clock';
import { createStatusQueue } from '@pagefree/core/status-pages/status-queue';
import { createSubscriberTokens } from '@pagefree/core/status-pages/subscribers/subscriber-tokens';
import type { Db } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';
import type { Context } from 'hono';
import { Redis } from 'ioredis';
import { createStatusApp } from '../app.ts';
import { createCachedDataSource } from '../data/status-data-source.ts';
import type { RateLimitPolicy, RateLimitTier } from '../http/rate-limit.ts';
import { createNodePartnerSite } from '../partners/node/node-partner-site.ts';
import type { PartnerRateLimitTier } from '../partners/partner-limits.ts';
import { createRedisRateLimiter } from './redis-rate-limiter.ts';
import { createRedisSnapshotStore, subscribeToAnnouncements } from './redis-snapshot-store.ts';
import { createSubscriptionGateway } from './subscription-gateway.ts';

export interface NodeStatusAppOptions {
  config: Config;
  db: Db;
  logger: Logger;
  clock?: Clock;
  /** Overrides of the per-tier limits, e.g. for benchmarks from one address. */
  rateLimits?: Partial<Record<RateLimitTier, RateLimitPolicy>>;
  /** Overrides of the partner limits (per address, per credential, sign-in). */
  partnerRateLimits?: Partial<Record<PartnerRateLimitTier, RateLimitPolicy>>;
}

/**
 * How long a cached page is served without checking its version while announcements are
 * live. Announcements drop changed pages at once; this only bounds a lost one.
 */
const CACHE_MAX_AGE_MS = 30_000;
/** A stalled Redis must not hold page requests; the limiter falls back to memory after this. */
const LIMITER_COMMAND_TIMEOUT_MS = 250;

/**
 * Builds the status app with its Node dependencies: Redis connections of its own (snapshot
 * reads and the status queue, announcements, rate limits, partner access changes), the
 * database for subscriptions, partner access and snapshot reads while Redis fails.
 * Listening is left to the caller.
 */
export async function createNodeStatusApp(options: NodeStatusAppOptions) {
  const { config, db } = options;
  const logger = options.logger.child({ app: 'status' });
  if (!config.statusPublicUrl) {
    throw new Error(
      'STATUS_PUBLIC_URL: missing; set it to the address of the status site, e.g. https://status.example.com',
    );
  }

  const reader = openRedis(config.redisUrl, 'producer', logger);
  const subscriber = openRedis(config.redisUrl, 'pubsub', logger);
  const limiterRedis = new Redis(config.redisUrl, {
    connectionName: 'pagefree-status-limiter',
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: LIMITER_COMMAND_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  limiterRedis.on('error', () => undefined);
  const statusQueue = createStatusQueue(reader, config.queuePrefix);

  const announcements = await subscribeToAnnouncements({
    subscriber,
    prefix: config.queuePrefix,
    logger,
  });
  const data = createCachedDataSource(
    createRedisSnapshotStore({ redis: reader, prefix: config.queuePrefix, db, logger }),
    announcements,
    { maxAgeMs: CACHE_MAX_AGE_MS, maxEntries: 10_000, now: Date.now },
  );

  const limiter = createRedisRateLimiter(limiterRedis, config.queuePrefix, options.rateLimits);
  const partners = await createNodePartnerSite({
    config,
    db,
    logger,
    clock: options.clock ?? systemClock,
    statusQueue,
    publisher: reader,
    limiterRedis,
    limiter,
    siteUrl: config.statusPublicUrl,
    ...(options.partnerRateLimits && { rateLimits: options.partnerRateLimits }),
  });

  const resolveClient = createClientAddressResolver(config.trustedProxies);
  const app = createStatusApp({
    data,
    subscriptions: createSubscriptionGateway({
      db,
      clock: options.clock ?? systemClock,
      tokens: createSubscriberTokens(config.encryption),
      statusQueue,
      encryptionKeys: config.encryption,
      allowPrivateNetworkTargets: config.allowPrivateNetworkTargets,
      logger,
    }),
    limiter,
    partners: partners.site,
    logger,
    siteUrl: config.statusPublicUrl,
    clientAddress: (c) => resolveClient(connectionAddress(c), c.req.header('x-forwarded-for')),
    readinessChecks: { database: () => checkDatabase(db), redis: () => checkRedis(reader) },
  });

  return {
    app,
    cache: data,
    async close() {
      await partners.close();
      await announcements.close();
      await statusQueue.close();
      await Promise.allSettled([reader.quit(), limiterRedis.quit()]);
    },
  };
}

function connectionAddress(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    // Requests built with app.request() in tests have no socket.
    return null;
  }
}

export interface RunningStatusSite {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the status site on HOST and STATUS_PORT (or `port`, 0 for any free one). */
export async function startStatusSite(
  options: NodeStatusAppOptions & { port?: number },
): Promise<RunningStatusSite> {
  const built = await createNodeStatusApp(options);
  const server = createAdaptorServer({ fetch: built.app.fetch });
  const host = options.config.host;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? options.config.statusPort, host, () => resolve());
    });
  } catch (error) {
    await built.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  options.logger.info({ url, publicUrl: options.config.statusPublicUrl }, 'Status site listening');

  return {
    url,
    port,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await built.close();
    },
  };
}
