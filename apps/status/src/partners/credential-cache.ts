import { LRUCache } from 'lru-cache';
import type { PartnerCredentialRecord, PartnerGateway } from './partner-gateway.ts';

/**
 * Announcements of partner access changes (Redis pub/sub on Node). `live` is false while the
 * subscription is down, because announcements sent meanwhile are lost.
 */
export interface PartnerAccessAnnouncements {
  live(): boolean;
  onChanged(listener: (partnerId: string) => void): void;
  /** Called when the subscription comes back after a gap, when every cached check may be stale. */
  onResubscribed(listener: () => void): void;
}

export interface CredentialCacheOptions {
  /** Age up to which a cached check is trusted while announcements are live. */
  liveMaxAgeMs: number;
  /** Age up to which a cached check is trusted while they are not. Bounds how late a revocation shows. */
  offlineMaxAgeMs: number;
  /** Cached credentials, including remembered unknown ones. */
  maxEntries: number;
  now(): number;
}

/**
 * Default ages. A revocation is announced at once, and while announcements are down a check
 * is repeated at most once a second per credential, so a revocation shows within a second
 * in both cases.
 *
 * NOTE: a change whose announcement the revoking process failed to publish, while this
 * process stayed subscribed, shows only when the entry ages out, up to 30 s later.
 */
export const DEFAULT_CREDENTIAL_CACHE: Omit<CredentialCacheOptions, 'now'> = {
  liveMaxAgeMs: 30_000,
  offlineMaxAgeMs: 1_000,
  maxEntries: 10_000,
};

interface Entry {
  record: PartnerCredentialRecord | null;
  checkedAt: number;
}

export interface CredentialCache {
  /** The credential's record, from memory while fresh, else from the gateway. */
  lookup(kind: 'token' | 'session', tokenHash: string): Promise<PartnerCredentialRecord | null>;
  /** Reads the gateway even if a fresh entry exists, and caches the result. */
  refresh(kind: 'token' | 'session', tokenHash: string): Promise<PartnerCredentialRecord | null>;
  size(): number;
}

/**
 * Creates an in-memory cache of partner credential checks keyed by the credential's hash, so page
 * requests do not query the database each time. It follows the snapshot cache's freshness
 * rule: an announcement drops the partner's entries at once, a reconnect drops all, and an
 * entry is reused only while younger than the age for the announcements' state. A load
 * that started before an announcement is not cached, so a slow read cannot restore access
 * that was just revoked. Unknown hashes are cached too, bounded by `maxEntries`.
 */
export function createCredentialCache(
  gateway: Pick<PartnerGateway, 'findCredential'>,
  announcements: PartnerAccessAnnouncements,
  options: CredentialCacheOptions,
): CredentialCache {
  const entries = new LRUCache<string, Entry>({ max: options.maxEntries });
  let generation = 0;

  announcements.onChanged((partnerId) => {
    generation += 1;
    for (const [key, entry] of entries.entries()) {
      if (entry.record?.partnerId === partnerId) entries.delete(key);
    }
  });
  announcements.onResubscribed(() => {
    generation += 1;
    entries.clear();
  });

  const load = async (kind: 'token' | 'session', tokenHash: string) => {
    const started = generation;
    const checkedAt = options.now();
    const record = await gateway.findCredential(kind, tokenHash);
    if (generation === started) entries.set(`${kind}:${tokenHash}`, { record, checkedAt });
    return record;
  };

  return {
    async lookup(kind, tokenHash) {
      const cached = entries.get(`${kind}:${tokenHash}`);
      const maxAge = announcements.live() ? options.liveMaxAgeMs : options.offlineMaxAgeMs;
      if (cached && options.now() - cached.checkedAt < maxAge) return cached.record;
      return load(kind, tokenHash);
    },
    refresh: load,
    size: () => entries.size,
  };
}
