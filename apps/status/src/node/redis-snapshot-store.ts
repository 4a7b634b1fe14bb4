import type { PageSnapshot } from '@pagefree/core/status-pages/snapshot-types';
import { loadStoredSnapshot } from '@pagefree/core/status-pages/snapshots/publish-snapshot';
import {
  parseAnnouncement,
  snapshotChannel,
  snapshotKey,
  snapshotVersionKey,
  versionTag,
} from '@pagefree/core/status-pages/snapshots/snapshot-keys';
import type { Db } from '@pagefree/db';
import type { Logger } from '@pagefree/logger';
import type { Redis } from 'ioredis';
import type {
  SnapshotAnnouncements,
  SnapshotStore,
  StoredSnapshot,
} from '../data/snapshot-store.ts';
import { subscribeToChannel } from './channel-subscription.ts';

/**
 * Reads published snapshots from Redis, where the worker writes them. When Redis fails or
 * has no key for a slug (emptied, or not yet republished by the worker), the latest stored
 * version is read from `status_page_snapshot` instead. The site so keeps serving correct
 * data through a Redis outage, at the cost of a database query per request.
 */
export function createRedisSnapshotStore(deps: {
  redis: Redis;
  prefix: string;
  db: Db;
  logger: Logger;
}): SnapshotStore {
  let lastWarning = 0;
  const warn = (error: unknown) => {
    const now = Date.now();
    if (now - lastWarning > 10_000) {
      lastWarning = now;
      deps.logger.warn({ err: error }, 'Reading snapshots from Redis failed; reading the database');
    }
  };

  const fromDatabase = async (slug: string): Promise<StoredSnapshot | null> => {
    const page = await deps.db
      .selectFrom('status_page')
      .select('id')
      .where('slug', '=', slug)
      .executeTakeFirst();
    const snapshot = page ? await loadStoredSnapshot(deps.db, page.id) : null;
    return snapshot ? { tag: versionTag(snapshot.page.id, snapshot.version), snapshot } : null;
  };

  return {
    async load(slug) {
      let json: string | null;
      try {
        json = await deps.redis.get(snapshotKey(deps.prefix, slug));
      } catch (error) {
        warn(error);
        return fromDatabase(slug);
      }
      if (json === null) return fromDatabase(slug);
      const snapshot = JSON.parse(json) as PageSnapshot;
      return { tag: versionTag(snapshot.page.id, snapshot.version), snapshot };
    },

    async tag(slug) {
      let tag: string | null;
      try {
        tag = await deps.redis.get(snapshotVersionKey(deps.prefix, slug));
      } catch (error) {
        warn(error);
        return (await fromDatabase(slug))?.tag ?? null;
      }
      return tag ?? (await fromDatabase(slug))?.tag ?? null;
    },
  };
}

/**
 * Listens to publish announcements on a dedicated pub/sub connection. `live()` is true only
 * while subscribed. After a reconnect the channel is subscribed again and the resubscribe
 * listeners run, because announcements sent during the gap are lost.
 */
export async function subscribeToAnnouncements(deps: {
  subscriber: Redis;
  prefix: string;
  logger: Logger;
}): Promise<SnapshotAnnouncements & { close(): Promise<void> }> {
  const published: Array<(slug: string, tag: string | null) => void> = [];
  const subscription = await subscribeToChannel({
    subscriber: deps.subscriber,
    channel: snapshotChannel(deps.prefix),
    logger: deps.logger,
    description: 'snapshot announcements',
    onMessage(message) {
      const announcement = parseAnnouncement(message);
      if (!announcement) return;
      for (const listener of published) listener(announcement.slug, announcement.tag);
    },
  });
  return { ...subscription, onPublished: (listener) => published.push(listener) };
}
