import { withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { actorOf } from '../auth/principal.ts';
import type { Caller, IncidentDeps } from './deps.ts';
import { loadIncidentForPrincipal } from './load-incident-for-change.ts';
import { recordIncidentEvent } from './record-incident-event.ts';

/** Adds a note to the timeline. The audit event records that a note was added, not its text. */
export async function addIncidentNote(
  deps: IncidentDeps,
  caller: Caller,
  input: { incidentId: string; text: string },
): Promise<void> {
  const incident = await loadIncidentForPrincipal(deps.db, caller.principal, input.incidentId, {
    scope: 'incidents:write',
    role: 'RESPONDER',
  });
  const actor = actorOf(caller.principal, caller.ip);

  await withTransaction(deps.db, async (trx) => {
    await recordIncidentEvent(trx, input.incidentId, 'note_added', actor, { text: input.text });
    await trx
      .updateTable('incident')
      .set({ updated_at: deps.clock.now() })
      .where('id', '=', input.incidentId)
      .execute();
    await recordAuditEvent(trx, actor, {
      action: 'incident.note_added',
      resourceType: 'incident',
      resourceId: input.incidentId,
      teamId: incident.team_id,
    });
  });
}
