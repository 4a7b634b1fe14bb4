import type { IncidentSummary } from '@pagefree/contracts';
import { withTransaction } from '@pagefree/db';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { actorOf } from '../auth/principal.ts';
import { ConflictError } from '../shared/errors.ts';
import type { Caller, IncidentDeps } from './deps.ts';
import { loadIncidentSummary } from './incident-summary.ts';
import { loadIncidentForPrincipal } from './load-incident-for-change.ts';
import { markAcknowledged } from './transitions.ts';

/** Acknowledges a triggered incident: escalation stops and pending pages are cancelled. */
export async function acknowledgeIncident(
  deps: IncidentDeps,
  caller: Caller,
  incidentId: string,
): Promise<IncidentSummary> {
  const incident = await loadIncidentForPrincipal(deps.db, caller.principal, incidentId, {
    scope: 'incidents:write',
    role: 'RESPONDER',
  });
  const actor = actorOf(caller.principal, caller.ip);

  await withTransaction(deps.db, async (trx) => {
    const changed = await markAcknowledged(
      trx,
      incidentId,
      { actor, userId: caller.principal.userId },
      deps.clock.now(),
    );
    if (!changed) {
      // Read again: the status loaded before the transaction may predate the change that won.
      const current = await trx
        .selectFrom('incident')
        .select('status')
        .where('id', '=', incidentId)
        .executeTakeFirst();
      throw new ConflictError(
        `Incident #${incident.number} is already ${current?.status ?? incident.status}; reload to see its state.`,
      );
    }
    await recordAuditEvent(trx, actor, {
      action: 'incident.acknowledged',
      resourceType: 'incident',
      resourceId: incidentId,
      teamId: incident.team_id,
    });
  });

  const summary = (await loadIncidentSummary(deps.db, incidentId))!;
  deps.events.publish('incident.acknowledged', summary);
  return summary;
}
