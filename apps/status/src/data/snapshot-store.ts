import type { PageSnapshot } from '@pagefree/core/status-pages/snapshot-types';

/**
 * Where the status site reads published snapshots from. The Node implementation reads
 * Redis, and the snapshot table when Redis fails; an edge deployment would read a
 * key-value store. Nothing here reaches incident tables.
 */
export interface SnapshotStore {
  /** The latest snapshot at a slug with its version tag, or null when no page has the slug. */
  load(slug: string): Promise<StoredSnapshot | null>;
  /** Only the version tag, for a cheap freshness check; null when no page has the slug. */
  tag(slug: string): Promise<string | null>;
}

export interface StoredSnapshot {
  /** `<pageId>:<version>`; changes with every publish of the page. */
  tag: string;
  snapshot: PageSnapshot;
}

/**
 * Announcements of publishes, used to drop cached pages at once. `live` is false while the
 * subscription is down, because announcements sent meanwhile are lost.
 */
export interface SnapshotAnnouncements {
  live(): boolean;
  /** `tag` is null when the page left the slug. */
  onPublished(listener: (slug: string, tag: string | null) => void): void;
  /** Called when the subscription comes back after a gap; every cached page may be stale. */
  onResubscribed(listener: () => void): void;
}
