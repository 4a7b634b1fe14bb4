import { withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { actorOf } from '../../auth/principal.ts';
import { loadPageOf } from '../access.ts';
import type { Caller, StatusAdminDeps } from '../deps.ts';
import { requestStatusWork } from '../status-queue.ts';

/** Deletes a component with its uptime history; incidents that named it stay on the page. */
export async function deleteStatusComponent(
  deps: StatusAdminDeps,
  caller: Caller,
  input: { componentId: string },
): Promise<void> {
  const page = await loadPageOf(
    deps.db,
    caller.principal,
    'status_component',
    input.componentId,
    'configure',
  );
  const actor = actorOf(caller.principal, caller.ip);

  await withTransaction(deps.db, async (trx) => {
    await trx.deleteFrom('status_component').where('id', '=', input.componentId).execute();
    await recordAuditEvent(trx, actor, {
      action: 'status_component.deleted',
      resourceType: 'status_component',
      resourceId: input.componentId,
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
