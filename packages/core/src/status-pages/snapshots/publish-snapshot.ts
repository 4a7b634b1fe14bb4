import { createHash } from 'node:crypto';
import { type ComponentStatus, type Db, withTransaction } from '@pagefree/db';
import type { Clock } from '../../shared/clock.ts';
import type { PageSnapshot, SnapshotContent } from '../snapshot-types.ts';
import { buildSnapshotContent } from './build-snapshot-content.ts';
import { loadComponentStatuses } from './load-component-statuses.ts';
import { recordStatusIntervals } from './record-intervals.ts';
import type { SnapshotPublisher } from './redis-snapshot-publisher.ts';

/** Older versions than this many behind the latest are deleted. */
const VERSIONS_KEPT = 20;

export interface PublishSnapshotDeps {
  db: Db;
  clock: Clock;
  publisher: SnapshotPublisher;
  /** Base URL of the status site, without a trailing slash. */
  statusSiteUrl: string;
}

export interface PublishOutcome {
  slug: string;
  version: number;
  /** True when this call stored a new version. */
  changed: boolean;
}

/**
 * Recomputes a page and publishes a new immutable snapshot version when its content
 * changed; returns null when the page no longer exists.
 *
 * The page row is locked for the whole computation, so concurrent publishes of one page run
 * one after the other and the later one always reads the later data. The snapshot reaches
 * Redis after the commit. When the content did not change, Redis is still checked and
 * repaired, so a publish that failed after its commit, or an emptied Redis, heals on the
 * next recompute.
 */
export async function publishPageSnapshot(
  deps: PublishSnapshotDeps,
  pageId: string,
): Promise<PublishOutcome | null> {
  const now = deps.clock.now();
  const stored = await withTransaction(deps.db, async (trx) => {
    const page = await trx
      .selectFrom('status_page')
      .selectAll()
      .where('id', '=', pageId)
      .forUpdate()
      .executeTakeFirst();
    if (!page) return null;

    const computed = await loadComponentStatuses(trx, pageId);
    const statuses = new Map<string, ComponentStatus>(
      [...computed].map(([componentId, result]) => [componentId, result.status]),
    );
    await recordStatusIntervals(trx, statuses, now);
    const content = await buildSnapshotContent(trx, {
      page,
      statuses,
      now,
      statusSiteUrl: deps.statusSiteUrl,
    });
    const contentHash = hashContent(content);

    const latest = await trx
      .selectFrom('status_page_snapshot')
      .select(['version', 'content_hash'])
      .where('page_id', '=', pageId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (latest && latest.content_hash === contentHash) {
      return { slug: page.slug, version: Number(latest.version), snapshot: null };
    }

    const version = (latest ? Number(latest.version) : 0) + 1;
    const snapshot = toSnapshot(content, version, now);
    await trx
      .insertInto('status_page_snapshot')
      .values({
        page_id: pageId,
        version,
        content: JSON.stringify(snapshot),
        content_hash: contentHash,
        published_at: now,
      })
      .execute();
    await trx
      .deleteFrom('status_page_snapshot')
      .where('page_id', '=', pageId)
      .where('version', '<=', String(version - VERSIONS_KEPT))
      .execute();
    return { slug: page.slug, version, snapshot };
  });
  if (!stored) return null;

  if (stored.snapshot) {
    await deps.publisher.publish(stored.snapshot);
    return { slug: stored.slug, version: stored.version, changed: true };
  }
  if ((await deps.publisher.currentVersion(stored.slug, pageId)) !== stored.version) {
    const latest = await loadStoredSnapshot(deps.db, pageId, stored.version);
    if (latest) await deps.publisher.publish(latest);
  }
  return { slug: stored.slug, version: stored.version, changed: false };
}

/** Puts the version fields first, so the JSON reads top-down like the page. */
function toSnapshot(content: SnapshotContent, version: number, now: Date): PageSnapshot {
  const { schemaVersion, ...rest } = content;
  return { schemaVersion, version, publishedAt: now.toISOString(), ...rest };
}

function hashContent(content: SnapshotContent): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** A stored snapshot version, or the latest one when `version` is omitted. */
export async function loadStoredSnapshot(
  db: Db,
  pageId: string,
  version?: number,
): Promise<PageSnapshot | null> {
  let query = db
    .selectFrom('status_page_snapshot')
    .select('content')
    .where('page_id', '=', pageId)
    .orderBy('version', 'desc')
    .limit(1);
  if (version !== undefined) query = query.where('version', '=', String(version) as never);
  const row = await query.executeTakeFirst();
  return row ? (row.content as PageSnapshot) : null;
}
