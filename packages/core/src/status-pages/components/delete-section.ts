import { withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { actorOf } from '../../auth/principal.ts';
import { loadPageOf } from '../access.ts';
import type { Caller, StatusAdminDeps } from '../deps.ts';
import { requestStatusWork } from '../status-queue.ts';

/** Deletes a section; its components stay on the page, outside any section. */
export async function deleteStatusSection(
  deps: StatusAdminDeps,
  caller: Caller,
  input: { sectionId: string },
): Promise<void> {
  const page = await loadPageOf(
    deps.db,
    caller.principal,
    'status_section',
    input.sectionId,
    'configure',
  );
  const actor = actorOf(caller.principal, caller.ip);

  await withTransaction(deps.db, async (trx) => {
    await trx.deleteFrom('status_section').where('id', '=', input.sectionId).execute();
    await recordAuditEvent(trx, actor, {
      action: 'status_section.deleted',
      resourceType: 'status_section',
      resourceId: input.sectionId,
      teamId: page.team_id,
      metadata: { pageId: page.id },
    });
  });

  await requestStatusWork(
    deps,
    [{ name: 'recompute', data: { pageIds: [page.id], serviceIds: [] } }],
    deps.clock.now(),
  );
}
