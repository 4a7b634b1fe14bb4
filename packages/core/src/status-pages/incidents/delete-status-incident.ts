import { withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { actorOf } from '../../auth/principal.ts';
import { loadPageOf } from '../access.ts';
import type { Caller, StatusAdminDeps } from '../deps.ts';
import { requestStatusWork } from '../status-queue.ts';

/** Removes a status incident from the page, e.g. one published by mistake; team admins only. */
export async function deleteStatusIncident(
  deps: StatusAdminDeps,
  caller: Caller,
  input: { statusIncidentId: string },
): Promise<void> {
  const page = await loadPageOf(
    deps.db,
    caller.principal,
    'status_incident',
    input.statusIncidentId,
    'configure',
  );
  const actor = actorOf(caller.principal, caller.ip);

  await withTransaction(deps.db, async (trx) => {
    await trx.deleteFrom('status_incident').where('id', '=', input.statusIncidentId).execute();
    await recordAuditEvent(trx, actor, {
      action: 'status_incident.deleted',
      resourceType: 'status_incident',
      resourceId: input.statusIncidentId,
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
