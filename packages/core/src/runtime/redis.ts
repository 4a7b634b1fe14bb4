import type { Logger } from '@pagefree/logger';
import { Redis } from 'ioredis';

/**
 * Opens a Redis connection for one role. Each role gets its own connection so that a slow
 * or blocked command in one (a worker's blocking pop, a pub/sub subscription) never queues
 * behind or in front of another's.
 *
 * - `producer`: fails fast while Redis is down (no offline queue), so ingestion answers
 *   from the database instead of hanging; the sweeper queues the work later.
 * - `worker`: waits through outages (BullMQ workers require maxRetriesPerRequest: null).
 * - `pubsub`: Socket.io adapter and emitter traffic.
 */
export function openRedis(
  url: string,
  role: 'producer' | 'worker' | 'pubsub',
  logger: Logger,
): Redis {
  const redis = new Redis(url, {
    connectionName: `pagefree-${role}`,
    maxRetriesPerRequest: role === 'producer' ? 1 : null,
    enableOfflineQueue: role !== 'producer',
    connectTimeout: 5_000,
    // Without the ready check on pub/sub connections: a SUBSCRIBE sent during the handshake
    // (Socket.io's adapter subscribes when a namespace is created) puts the connection in
    // subscriber mode, and the check's INFO is then rejected (seen with ioredis 5.11).
    enableReadyCheck: role !== 'pubsub',
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let lastLogged = 0;
  redis.on('error', (error) => {
    // Reconnect attempts fail every few hundred milliseconds during an outage; log at most
    // once per 10 seconds per connection.
    const now = Date.now();
    if (now - lastLogged > 10_000) {
      lastLogged = now;
      logger.warn({ err: error, role }, 'Redis connection error; reconnecting');
    }
  });
  return redis;
}

/** Rejects when `promise` does not settle within `ms`, so a stalled Redis cannot hang a request. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Closes a connection without waiting on an unreachable server: QUIT when connected,
 * otherwise an immediate disconnect (QUIT would sit in the offline queue forever).
 */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    await withTimeout(redis.quit(), 2_000, 'Redis QUIT').catch(() => redis.disconnect());
  } else {
    redis.disconnect();
  }
}
