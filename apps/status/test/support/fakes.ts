import type { PageSnapshot } from '@pagefree/core/status-pages/snapshot-types';
import { createLogger } from '@pagefree/logger';
import { createStatusApp } from '../../src/app.ts';
import type { SnapshotAnnouncements, SnapshotStore } from '../../src/data/snapshot-store.ts';
import { createCachedDataSource } from '../../src/data/status-data-source.ts';
import type { SubscriptionGateway } from '../../src/data/subscription-gateway.ts';
import type { RateLimitDecision, RateLimiter, RateLimitTier } from '../../src/http/rate-limit.ts';

/** Creates a snapshot store in memory that counts reads; the test sends announcements by hand. */
export function memoryStore() {
  const snapshots = new Map<string, PageSnapshot>();
  const published: Array<(slug: string, tag: string | null) => void> = [];
  const resubscribed: Array<() => void> = [];
  const tagOf = (snapshot: PageSnapshot) => `${snapshot.page.id}:${snapshot.version}`;
  let live = true;
  const reads = { load: 0, tag: 0 };

  const store: SnapshotStore = {
    async load(slug) {
      reads.load += 1;
      const snapshot = snapshots.get(slug);
      return snapshot ? { tag: tagOf(snapshot), snapshot } : null;
    },
    async tag(slug) {
      reads.tag += 1;
      const snapshot = snapshots.get(slug);
      return snapshot ? tagOf(snapshot) : null;
    },
  };
  const announcements: SnapshotAnnouncements = {
    live: () => live,
    onPublished: (listener) => published.push(listener),
    onResubscribed: (listener) => resubscribed.push(listener),
  };

  return {
    store,
    announcements,
    reads,
    /** Stores a snapshot without announcing it, as if the announcement was lost. */
    putSilently(snapshot: PageSnapshot) {
      snapshots.set(snapshot.page.slug, snapshot);
    },
    publish(snapshot: PageSnapshot) {
      snapshots.set(snapshot.page.slug, snapshot);
      for (const listener of published) listener(snapshot.page.slug, tagOf(snapshot));
    },
    setLive(value: boolean) {
      live = value;
    },
    resubscribe() {
      live = true;
      for (const listener of resubscribed) listener();
    },
  };
}

/** Creates a limiter that allows `points` requests per tier and key, then rejects. */
export function countingLimiter(
  points: number,
): RateLimiter & { calls: Array<[RateLimitTier, string]> } {
  const used = new Map<string, number>();
  const calls: Array<[RateLimitTier, string]> = [];
  return {
    calls,
    async consume(tier, key): Promise<RateLimitDecision> {
      calls.push([tier, key]);
      const count = (used.get(`${tier}:${key}`) ?? 0) + 1;
      used.set(`${tier}:${key}`, count);
      return {
        allowed: count <= points,
        limit: points,
        remaining: Math.max(0, points - count),
        resetSeconds: 42,
        windowSeconds: 60,
      };
    },
  };
}

export const rejectingGateway: SubscriptionGateway = {
  subscribeEmail: async () => undefined,
  subscribeWebhook: async () => ({ secret: 'whsec_test' }),
  confirm: async () => 'invalid',
  unsubscribe: async () => 'invalid',
};

/** Builds the status app over an in-memory store, with everything else faked. */
export function testApp(options: { limiter?: RateLimiter; gateway?: SubscriptionGateway } = {}) {
  const memory = memoryStore();
  const data = createCachedDataSource(memory.store, memory.announcements, {
    maxAgeMs: 60_000,
    maxEntries: 100,
    now: Date.now,
  });
  const app = createStatusApp({
    data,
    subscriptions: options.gateway ?? rejectingGateway,
    limiter: options.limiter ?? countingLimiter(1_000_000),
    logger: createLogger({ level: 'silent', name: 'status-test' }),
    siteUrl: 'https://status.example.com',
    clientAddress: (c) => c.req.header('x-test-client') ?? '192.0.2.1',
  });
  return { app, memory };
}
