import { type StatusPageTable, withTransaction } from '@pagefree/db';
import type { Updateable } from 'kysely';
import type { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { actorOf } from '../../auth/principal.ts';
import { ConflictError } from '../../shared/errors.ts';
import { loadPageForPrincipal } from '../access.ts';
import type { Caller, StatusAdminDeps } from '../deps.ts';
import type { updatePageInput } from '../schemas.ts';
import { requestStatusWork, type StatusJobRequest } from '../status-queue.ts';
import { toPageView } from '../views.ts';

/**
 * Changes a page's settings. A new slug takes effect at the next publish, and the old slug
 * is removed from the status site, so its URLs return 404 from then on.
 */
export async function updateStatusPage(
  deps: StatusAdminDeps,
  caller: Caller,
  input: z.output<typeof updatePageInput>,
) {
  const before = await loadPageForPrincipal(deps.db, caller.principal, input.pageId, 'configure');
  const actor = actorOf(caller.principal, caller.ip);
  const changes: Updateable<StatusPageTable> = {};
  if (input.slug !== undefined) changes.slug = input.slug;
  if (input.name !== undefined) changes.name = input.name;
  if (input.description !== undefined) changes.description = input.description;
  if (input.visibility !== undefined) changes.visibility = input.visibility;
  if (input.timeZone !== undefined) changes.time_zone = input.timeZone;
  if (input.frameAncestors !== undefined) changes.frame_ancestors = input.frameAncestors;
  if (input.supportUrl !== undefined) changes.support_url = input.supportUrl;

  const page = await withTransaction(deps.db, async (trx) => {
    if (input.slug !== undefined && input.slug !== before.slug) {
      const slugTaken = await trx
        .selectFrom('status_page')
        .select('id')
        .where('slug', '=', input.slug)
        .executeTakeFirst();
      if (slugTaken) {
        throw new ConflictError(
          `The slug "${input.slug}" is used by another status page; choose another.`,
        );
      }
    }
    const updated = await trx
      .updateTable('status_page')
      .set({ ...changes, updated_at: deps.clock.now() })
      .where('id', '=', input.pageId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAuditEvent(trx, actor, {
      action: 'status_page.updated',
      resourceType: 'status_page',
      resourceId: input.pageId,
      teamId: before.team_id,
      metadata: { fields: Object.keys(changes).join(',') },
    });
    return updated;
  });

  const jobs: StatusJobRequest[] = [
    { name: 'recompute', data: { pageIds: [page.id], serviceIds: [] } },
  ];
  if (page.slug !== before.slug)
    jobs.push({ name: 'unpublish', data: { slug: before.slug, pageId: page.id } });
  await requestStatusWork(deps, jobs, deps.clock.now());
  return toPageView(page, deps.statusSiteUrl);
}
