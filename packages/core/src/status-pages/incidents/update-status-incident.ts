import { withTransaction } from '@pagefree/db';
import type { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { actorOf } from '../../auth/principal.ts';
import { loadPageOf } from '../access.ts';
import type { Caller, StatusAdminDeps } from '../deps.ts';
import type { updateStatusIncidentInput } from '../schemas.ts';
import { requestStatusWork } from '../status-queue.ts';
import { loadStatusIncidentView } from './get-status-incident.ts';
import { requireLinkableIncidents, writeIncidentLinks } from './incident-rules.ts';

/** Corrects a status incident's title, impact or links, without notifying subscribers. */
export async function updateStatusIncident(
  deps: StatusAdminDeps,
  caller: Caller,
  input: z.output<typeof updateStatusIncidentInput>,
) {
  const page = await loadPageOf(
    deps.db,
    caller.principal,
    'status_incident',
    input.statusIncidentId,
    'communicate',
  );
  if (input.linkedIncidentIds) {
    await requireLinkableIncidents(deps.db, caller.principal, input.linkedIncidentIds);
  }
  const actor = actorOf(caller.principal, caller.ip);
  const now = deps.clock.now();

  await withTransaction(deps.db, async (trx) => {
    await trx
      .updateTable('status_incident')
      .set({
        ...(input.title !== undefined && { title: input.title }),
        ...(input.impact !== undefined && { impact: input.impact }),
        updated_at: now,
      })
      .where('id', '=', input.statusIncidentId)
      .execute();
    if (input.linkedIncidentIds) {
      await writeIncidentLinks(trx, input.statusIncidentId, input.linkedIncidentIds);
    }
    await recordAuditEvent(trx, actor, {
      action: 'status_incident.edited',
      resourceType: 'status_incident',
      resourceId: input.statusIncidentId,
      teamId: page.team_id,
      metadata: { pageId: page.id },
    });
  });

  await requestStatusWork(
    deps,
    [{ name: 'recompute', data: { pageIds: [page.id], serviceIds: [] } }],
    now,
  );
  return loadStatusIncidentView(deps.db, input.statusIncidentId);
}
