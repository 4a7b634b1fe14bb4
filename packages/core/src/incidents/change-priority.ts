import type { IncidentSummary } from '@pagefree/contracts';
import { type Priority, withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { actorOf } from '../auth/principal.ts';
import type { Caller, IncidentDeps } from './deps.ts';
import { loadIncidentSummary } from './incident-summary.ts';
import { loadIncidentForPrincipal } from './load-incident-for-change.ts';
import { recordIncidentEvent } from './record-incident-event.ts';

export async function changeIncidentPriority(
  deps: IncidentDeps,
  caller: Caller,
  input: { incidentId: string; priority: Priority },
): Promise<IncidentSummary> {
  const incident = await loadIncidentForPrincipal(deps.db, caller.principal, input.incidentId, {
    scope: 'incidents:write',
    role: 'RESPONDER',
  });
  const actor = actorOf(caller.principal, caller.ip);

  if (incident.priority !== input.priority) {
    await withTransaction(deps.db, async (trx) => {
      await trx
        .updateTable('incident')
        .set({ priority: input.priority, updated_at: deps.clock.now() })
        .where('id', '=', input.incidentId)
        .execute();
      await recordIncidentEvent(trx, input.incidentId, 'priority_changed', actor, {
        from: incident.priority,
        to: input.priority,
      });
      await recordAuditEvent(trx, actor, {
        action: 'incident.priority_changed',
        resourceType: 'incident',
        resourceId: input.incidentId,
        teamId: incident.team_id,
        metadata: { from: incident.priority, to: input.priority },
      });
    });
  }

  const summary = (await loadIncidentSummary(deps.db, input.incidentId))!;
  deps.events.publish('incident.updated', summary);
  return summary;
}
