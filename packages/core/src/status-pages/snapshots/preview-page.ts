import type { ComponentStatus, Db } from '@pagefree/db';
import type { Principal } from '../../auth/principal.ts';
import { loadPageForPrincipal } from '../access.ts';
import type { PageSnapshot } from '../snapshot-types.ts';
import { buildSnapshotContent } from './build-snapshot-content.ts';
import { loadComponentStatuses } from './load-component-statuses.ts';
import { loadStoredSnapshot } from './publish-snapshot.ts';

export interface PagePreview {
  /** The page as it would be published now, computed without storing or publishing it. */
  snapshot: PageSnapshot;
  /** The version the status site serves, or null when nothing was published yet. */
  published: { version: number; publishedAt: string } | null;
  /** The rule behind each component's status, e.g. "incidents" for an open P1 on a mapped service. */
  statusSources: Record<string, string>;
}

/** Computes the page as the public would see it, for the console's preview; read access suffices. */
export async function previewStatusPage(
  db: Db,
  principal: Principal,
  input: { pageId: string },
  options: { now: Date; statusSiteUrl: string },
): Promise<PagePreview> {
  const page = await loadPageForPrincipal(db, principal, input.pageId, 'read');
  const computed = await loadComponentStatuses(db, page.id);
  const statuses = new Map<string, ComponentStatus>(
    [...computed].map(([componentId, result]) => [componentId, result.status]),
  );
  const content = await buildSnapshotContent(db, {
    page,
    statuses,
    now: options.now,
    statusSiteUrl: options.statusSiteUrl,
  });
  const latest = await loadStoredSnapshot(db, page.id);
  const { schemaVersion, ...rest } = content;

  return {
    snapshot: {
      schemaVersion,
      version: latest ? latest.version : 0,
      publishedAt: options.now.toISOString(),
      ...rest,
    },
    published: latest ? { version: latest.version, publishedAt: latest.publishedAt } : null,
    statusSources: Object.fromEntries(
      [...computed].map(([componentId, result]) => [componentId, result.source]),
    ),
  };
}
