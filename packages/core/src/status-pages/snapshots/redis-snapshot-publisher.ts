import type { Redis } from 'ioredis';
import type { PageSnapshot } from '../snapshot-types.ts';
import { snapshotChannel, snapshotKey, snapshotVersionKey, versionTag } from './snapshot-keys.ts';

/** Makes published snapshots visible to status sites. */
export interface SnapshotPublisher {
  publish(snapshot: PageSnapshot): Promise<void>;
  /** Removes a page from a slug (deleted, or renamed), unless another page has the slug now. */
  unpublish(slug: string, pageId: string): Promise<void>;
  /** The version status sites currently see for the page at a slug, or null when none. */
  currentVersion(slug: string, pageId: string): Promise<number | null>;
}

// Writes the snapshot and announces it unless the slug already has a newer version of the
// same page, so two workers publishing versions 5 and 6 in the wrong order leave 6 in place.
// KEYS: snapshot, version tag, channel. ARGV: JSON, page id, version, announcement.
const PUBLISH_IF_NEWER = `
local current = redis.call('GET', KEYS[2])
if current then
  local page, version = string.match(current, '^(.+):(%d+)$')
  if page == ARGV[2] and tonumber(version) >= tonumber(ARGV[3]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[2] .. ':' .. ARGV[3])
redis.call('PUBLISH', KEYS[3], ARGV[4])
return 1
`;

// KEYS: snapshot, version tag, channel. ARGV: page id, announcement.
const UNPUBLISH_IF_OWNED = `
local current = redis.call('GET', KEYS[2])
if not current or string.sub(current, 1, string.len(ARGV[1]) + 1) ~= ARGV[1] .. ':' then return 0 end
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('PUBLISH', KEYS[3], ARGV[2])
return 1
`;

/**
 * Publishes snapshots to Redis: the JSON and its version tag under the page's slug, then an
 * announcement on the channel that status sites subscribe to for cache invalidation.
 */
export function createRedisSnapshotPublisher(redis: Redis, prefix: string): SnapshotPublisher {
  return {
    async publish(snapshot) {
      const slug = snapshot.page.slug;
      const tag = versionTag(snapshot.page.id, snapshot.version);
      await redis.eval(
        PUBLISH_IF_NEWER,
        3,
        snapshotKey(prefix, slug),
        snapshotVersionKey(prefix, slug),
        snapshotChannel(prefix),
        JSON.stringify(snapshot),
        snapshot.page.id,
        String(snapshot.version),
        JSON.stringify({ slug, tag }),
      );
    },

    async unpublish(slug, pageId) {
      await redis.eval(
        UNPUBLISH_IF_OWNED,
        3,
        snapshotKey(prefix, slug),
        snapshotVersionKey(prefix, slug),
        snapshotChannel(prefix),
        pageId,
        JSON.stringify({ slug, tag: null }),
      );
    },

    async currentVersion(slug, pageId) {
      const value = await redis.get(snapshotVersionKey(prefix, slug));
      if (!value?.startsWith(`${pageId}:`)) return null;
      return Number(value.slice(pageId.length + 1));
    },
  };
}
