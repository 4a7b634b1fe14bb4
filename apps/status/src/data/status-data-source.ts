import type { PageSnapshot } from '@pagefree/core/status-pages/snapshot-types';
import type { SnapshotAnnouncements, SnapshotStore } from './snapshot-store.ts';

/** The data interface of the status site's routes: published pages, nothing else. */
export interface StatusDataSource {
  /** The page at a slug as last published, or null when there is none. */
  getPage(slug: string): Promise<PublishedPage | null>;
}

/** One published version of a page, with a memo for what is rendered from it. */
export interface PublishedPage {
  snapshot: PageSnapshot;
  /** Changes with every publish; used for ETags and cache keys. */
  tag: string;
  /** Renders once per version and variant (HTML, each JSON file, each feed). */
  memo(variant: string, build: () => Promise<string> | string): Promise<string>;
}

export interface CacheOptions {
  /**
   * How long a cached page is served without asking the store, while announcements are
   * live. Announcements invalidate at once. This bound only limits how long a lost
   * announcement goes unnoticed; Redis loses one only with the connection, which the
   * resubscribe handling covers.
   */
  maxAgeMs: number;
  /** Upper bound on cached slugs, including remembered misses. */
  maxEntries: number;
  now(): number;
}

interface Entry {
  tag: string | null;
  page: PublishedPage | null;
  checkedAt: number;
}

/**
 * An in-memory cache of published pages in front of a snapshot store, keyed by slug and
 * version tag.
 *
 * Freshness rule: a cached page is served without a store round trip only while the
 * announcement subscription is live and the entry is younger than `maxAgeMs`. An
 * announcement drops the slug's entry at once. While the subscription is down, and after
 * `maxAgeMs`, each request compares the entry's tag with the store's (one Redis GET) and
 * reloads on a difference. After a reconnect every entry is dropped, since announcements
 * sent during the gap are lost. A load that started before an announcement is not cached,
 * so a slow read cannot put an older version back.
 */
export function createCachedDataSource(
  store: SnapshotStore,
  announcements: SnapshotAnnouncements,
  options: CacheOptions,
): StatusDataSource & { size(): number } {
  const entries = new Map<string, Entry>();
  const generations = new Map<string, number>();
  let epoch = 0;

  const generationOf = (slug: string) => `${epoch}:${generations.get(slug) ?? 0}`;

  announcements.onPublished((slug, tag) => {
    generations.set(slug, (generations.get(slug) ?? 0) + 1);
    const entry = entries.get(slug);
    if (entry && entry.tag !== tag) entries.delete(slug);
  });
  announcements.onResubscribed(() => {
    epoch += 1;
    entries.clear();
  });

  const remember = (slug: string, entry: Entry) => {
    entries.delete(slug);
    entries.set(slug, entry);
    if (entries.size > options.maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
  };

  return {
    async getPage(slug) {
      const cached = entries.get(slug);
      const now = options.now();
      if (cached && announcements.live() && now - cached.checkedAt < options.maxAgeMs) {
        return cached.page;
      }
      if (cached && (await store.tag(slug)) === cached.tag) {
        cached.checkedAt = now;
        return cached.page;
      }

      const generation = generationOf(slug);
      const loaded = await store.load(slug);
      const entry: Entry = {
        tag: loaded?.tag ?? null,
        page: loaded ? publishedPage(loaded.snapshot, loaded.tag) : null,
        checkedAt: now,
      };
      if (generationOf(slug) === generation) remember(slug, entry);
      return entry.page;
    },
    size: () => entries.size,
  };
}

function publishedPage(snapshot: PageSnapshot, tag: string): PublishedPage {
  const rendered = new Map<string, Promise<string>>();
  return {
    snapshot,
    tag,
    memo(variant, build) {
      let result = rendered.get(variant);
      if (!result) {
        result = Promise.resolve().then(build);
        rendered.set(variant, result);
        // A failed render is not remembered, so the next request tries again.
        result.catch(() => rendered.delete(variant));
      }
      return result;
    },
  };
}
