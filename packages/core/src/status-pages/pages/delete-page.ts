import { withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { actorOf } from '../../auth/principal.ts';
import { loadPageForPrincipal } from '../access.ts';
import type { Caller, StatusAdminDeps } from '../deps.ts';
import { requestStatusWork } from '../status-queue.ts';

/**
 * Deletes a page with its components, incidents, maintenance, snapshots and subscribers,
 * and removes it from the status site.
 */
export async function deleteStatusPage(
  deps: StatusAdminDeps,
  caller: Caller,
  input: { pageId: string },
): Promise<void> {
  const page = await loadPageForPrincipal(deps.db, caller.principal, input.pageId, 'configure');
  const actor = actorOf(caller.principal, caller.ip);

  await withTransaction(deps.db, async (trx) => {
    await trx.deleteFrom('status_page').where('id', '=', input.pageId).execute();
    await recordAuditEvent(trx, actor, {
      action: 'status_page.deleted',
      resourceType: 'status_page',
      resourceId: input.pageId,
      teamId: page.team_id,
      metadata: { slug: page.slug },
    });
  });

  await requestStatusWork(
    deps,
    [{ name: 'unpublish', data: { slug: page.slug, pageId: page.id } }],
    deps.clock.now(),
  );
}
